//! The `zusterstad` binary: command line, configuration and wiring. The work is done
//! by the `core`, `store` and `web` crates.

mod config;

use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::Utc;
use clap::{Args, Parser, Subcommand};
use tracing_subscriber::EnvFilter;
use zusterstad_core::audit::Change;
use zusterstad_core::partnerships::Partnership;
use zusterstad_core::query::ListQuery;
use zusterstad_core::store::{RecordStore, UserStore};
use zusterstad_core::users::{Role, RoleGrant, User, check_password, hash_password};
use zusterstad_core::{Error, Id, Lang};
use zusterstad_store::{Db, demo, transfer};

use crate::config::{DEFAULT_BIND, DEFAULT_DATA_DIR, FileSettings, database_url, prepare_data_dir};

/// Zusterstad: one shared record of a sister-city partnership, and the public portal
/// published from it in Dutch, Japanese and English.
#[derive(Parser)]
#[command(name = "zusterstad", version, about, long_about = None)]
struct Cli {
    /// A TOML settings file (keys: bind, data_dir, database_url, demo). Command-line
    /// options and ZUSTERSTAD_* variables take precedence over it.
    #[arg(long, global = true, env = "ZUSTERSTAD_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Log lines as text (coloured only on a terminal) or as JSON, one object per line.
    #[arg(long, global = true, env = "ZUSTERSTAD_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    #[command(flatten)]
    storage: Storage,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Storage {
    /// Folder for the SQLite database and local files; created on first run
    /// [default: ./data].
    #[arg(long, global = true, env = "ZUSTERSTAD_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB [default: a SQLite file in
    /// the data folder].
    #[arg(long, global = true, env = "ZUSTERSTAD_DATABASE_URL", value_name = "URL")]
    database_url: Option<String>,
    /// Where uploaded files live: file:///PATH or s3://BUCKET/PREFIX (endpoint and
    /// credentials from the AWS_* variables) [default: the folder files/ in the data
    /// folder].
    #[arg(long, global = true, env = "ZUSTERSTAD_FILE_STORE", value_name = "URL")]
    file_store: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal: creates the data folder and database on first run, migrates,
    /// and prints the address to open. Stops cleanly on Ctrl-C or SIGTERM.
    Serve {
        /// Address and port to listen on [default: 127.0.0.1:8080].
        #[arg(long, env = "ZUSTERSTAD_BIND", value_name = "ADDR")]
        bind: Option<String>,
        /// Load the Ghent–Kanazawa demo partnership when the instance is empty.
        #[arg(long, env = "ZUSTERSTAD_DEMO")]
        demo: bool,
        /// Map tile URL template for the symbols map, e.g.
        /// https://tile.openstreetmap.org/{z}/{x}/{y}.png; "" shows markers without a
        /// background and makes no request to another host [default: OpenStreetMap].
        #[arg(long, env = "ZUSTERSTAD_TILE_URL", value_name = "URL")]
        tile_url: Option<String>,
        /// SMTP server for registration mails, e.g. smtps://user:pass@mail.example.org;
        /// without it, mails are written to the outbox folder in the data folder.
        #[arg(long, env = "ZUSTERSTAD_SMTP_URL", value_name = "URL")]
        smtp_url: Option<String>,
        /// The address the public reaches this server at, e.g. https://partners.gent.be,
        /// for links in mails and feeds [default: the host each request names].
        #[arg(long, env = "ZUSTERSTAD_PUBLIC_URL", value_name = "URL")]
        public_url: Option<String>,
        /// A reverse proxy in front of this server (repeat, or comma separated): only
        /// requests from these addresses may name the visitor's address in
        /// X-Forwarded-For or Forwarded (for login throttling and rate limits).
        #[arg(long = "trusted-proxy", env = "ZUSTERSTAD_TRUSTED_PROXIES", value_name = "IP", value_delimiter = ',')]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// Sender of the mails [default: Zusterstad <noreply@localhost>].
        #[arg(long, env = "ZUSTERSTAD_MAIL_FROM", value_name = "ADDRESS")]
        mail_from: Option<String>,
        /// Serve Prometheus metrics at http://ADDR/metrics (keep it private, e.g.
        /// 127.0.0.1:9464) [default: no metrics endpoint].
        #[arg(long, env = "ZUSTERSTAD_METRICS_BIND", value_name = "ADDR")]
        metrics_bind: Option<SocketAddr>,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Rebuild the search index (in the data folder) from the record. The server keeps
    /// it up to date by itself; this is for a folder restored or lost. Run it with
    /// the server stopped.
    Reindex,
    /// Load the Ghent–Kanazawa demo partnership (does nothing if it is already there).
    Demo,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Write the whole instance, files included, to one JSON file.
    Export {
        /// Where to write the export.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Load an export into an empty database (of either backend). All or nothing.
    Import {
        /// The export file to read.
        file: PathBuf,
    },
    /// Back up the instance while it runs: the whole record and every stored file, read
    /// in one consistent snapshot (writes go on meanwhile), written to FILE atomically.
    /// The same format as `export`.
    Backup {
        /// Where to write the backup.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Publish the portal as static files for any web server, bucket or CDN: every
    /// public page of every published partnership in nl, ja and en, the feeds,
    /// sitemaps, photos, documents and assets, pages as …/index.html. A second run
    /// writes only the files that changed and removes those no page names any more.
    Publish {
        /// Where to write: a folder, or s3://BUCKET/PREFIX (endpoint and credentials
        /// from the AWS_* variables, as for the file store).
        #[arg(long, value_name = "DIR|URL")]
        out: String,
        /// The address the copy is served at, e.g. https://partners.gent.be: links in
        /// feeds, sitemaps, link previews and language alternates name it.
        #[arg(long, env = "ZUSTERSTAD_SITE_URL", value_name = "URL")]
        site_url: String,
        /// The live server's address (its --public-url): the copy's search and
        /// filter forms go there, and its event pages link to the registration form
        /// there. Without it they are left out, and event pages say how to register.
        #[arg(long, env = "ZUSTERSTAD_PUBLIC_URL", value_name = "URL")]
        live_url: Option<String>,
        /// Map tile URL template, as for serve ("" for none) [default: OpenStreetMap].
        #[arg(long, env = "ZUSTERSTAD_TILE_URL", value_name = "URL")]
        tile_url: Option<String>,
        /// Keep the copy up to date: publish again whenever a change lands (checked
        /// every two seconds) and every hour (pages say what is upcoming), until
        /// Ctrl-C or SIGTERM.
        #[arg(long)]
        watch: bool,
    },
    /// Remove stored files (in the file folder or bucket) that no item names any more.
    /// Files stored in the last hour are kept: an upload may still be committing.
    GcFiles,
    /// Restore a backup (or an export) into an empty database and file store: stop the
    /// server, point it at a new database, restore, start it. All or nothing.
    Restore {
        /// The backup file to read.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an account. The password is read from standard input (one line).
    Add {
        #[arg(long)]
        email: String,
        /// admin, coordinator, editor or ambassador.
        #[arg(long)]
        role: Role,
        /// For a coordinator: the partnership's slug (e.g. gent-kanazawa).
        #[arg(long, value_name = "SLUG")]
        partnership: Option<String>,
        /// For a coordinator: the slug of the city whose side they keep (e.g. gent).
        #[arg(long, value_name = "CITY")]
        side: Option<String>,
        /// The name shown in the workspace [default: the e-mail address].
        #[arg(long)]
        name: Option<String>,
        /// Interface language: nl, ja or en [default: the language of the side's
        /// city (ja for a Japanese city, nl for a Belgian or Dutch one), else en].
        #[arg(long)]
        language: Option<Lang>,
        /// Read the password from standard input (required: passwords never go on
        /// the command line, where other users could see them).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Issue an API token for one role of an account, and print it (once: only its
    /// hash is kept). Admins also issue and revoke tokens on the account's page.
    Issue {
        #[arg(long)]
        email: String,
        /// What the token is for, e.g. "gent.be events widget".
        #[arg(long)]
        label: String,
        /// Which of the account's roles, if it has several: admin, coordinator,
        /// editor or ambassador.
        #[arg(long)]
        role: Option<Role>,
        /// For a coordinator with several sides: the partnership's slug.
        #[arg(long, value_name = "SLUG")]
        partnership: Option<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sea_orm_migration=warn,sqlx=warn"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Json => logs.json().init(),
        LogFormat::Text => {
            use std::io::IsTerminal;
            logs.with_ansi(std::io::stderr().is_terminal()).init()
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn now() -> chrono::DateTime<Utc> {
    Utc::now()
}

async fn open(storage: &Storage, file: &FileSettings) -> anyhow::Result<Db> {
    Ok(open_with_dir(storage, file).await?.0)
}

/// Opens the database, and says which data folder is in use.
async fn open_with_dir(storage: &Storage, file: &FileSettings) -> anyhow::Result<(Db, PathBuf)> {
    let data_dir =
        storage.data_dir.clone().or_else(|| file.data_dir.clone()).unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
    let url = storage.database_url.clone().or_else(|| file.database_url.clone());
    if url.as_deref().is_none_or(|u| u.starts_with("sqlite:")) {
        prepare_data_dir(&data_dir)?;
    }
    let url = database_url(url, &data_dir)?;
    let files = match storage.file_store.clone().or_else(|| file.file_store.clone()) {
        Some(store) => zusterstad_store::files::Files::from_url(&store)?,
        None => zusterstad_store::files::Files::folder(&data_dir.join("files"))?,
    };
    files.check().await?;
    Ok((Db::open(&url).await?.with_files(files).with_search_dir(data_dir.join("search")), data_dir))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let file = FileSettings::read(cli.config.as_deref())?;
    match cli.command {
        Command::Serve { bind, demo, tile_url, smtp_url, mail_from, public_url, trusted_proxies, metrics_bind } => {
            let bind = bind.or(file.bind.clone()).unwrap_or_else(|| DEFAULT_BIND.to_owned());
            let addr: SocketAddr =
                bind.parse().with_context(|| format!("--bind {bind:?} is not an address like 127.0.0.1:8080"))?;
            let (db, data_dir) = open_with_dir(&cli.storage, &file).await?;
            let from = mail_from.or(file.mail_from.clone()).unwrap_or_else(|| "Zusterstad <noreply@localhost>".into());
            let mailer: std::sync::Arc<dyn zusterstad_core::registrations::Mailer> = match smtp_url
                .or(file.smtp_url.clone())
            {
                Some(url) => {
                    std::sync::Arc::new(zusterstad_store::mail::Smtp::new(&url, &from).map_err(anyhow::Error::msg)?)
                }
                None => std::sync::Arc::new(
                    zusterstad_store::mail::Outbox::new(&data_dir.join("outbox"), &from).map_err(anyhow::Error::msg)?,
                ),
            };
            if demo || file.demo.unwrap_or(false) {
                let any = RecordStore::<Partnership>::query(&db, &ListQuery::all().limit(1)).await?;
                if any.total == 0 {
                    load_demo(&db).await?;
                }
            }
            let tiles = match tile_url.or(file.tile_url.clone()) {
                None => zusterstad_web::Tiles::openstreetmap(),
                Some(url) if url.is_empty() => zusterstad_web::Tiles::default(),
                Some(url) => zusterstad_web::Tiles { url, attribution: String::new() },
            };
            let public_url = public_url.or(file.public_url.clone());
            if let Some(url) = &public_url
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                bail!("--public-url {url:?} must start with https:// or http://");
            }
            let proxies = if trusted_proxies.is_empty() {
                file.trusted_proxies.clone().unwrap_or_default()
            } else {
                trusted_proxies
            };
            serve(db, addr, tiles, mailer, public_url, proxies, metrics_bind).await
        }
        Command::Migrate => {
            let db = open(&cli.storage, &file).await?;
            println!("database is up to date");
            db.close().await?;
            Ok(())
        }
        Command::Reindex => {
            let db = open(&cli.storage, &file).await?;
            let started = std::time::Instant::now();
            let n = db.reindex(now()).await.map_err(|e| anyhow::anyhow!(describe(&e)))?;
            println!(
                "search index rebuilt: {} published partnerships, {} texts in {:.1} s",
                n.partnerships,
                n.documents,
                started.elapsed().as_secs_f64()
            );
            db.close().await?;
            Ok(())
        }
        Command::Demo => {
            let db = open(&cli.storage, &file).await?;
            load_demo(&db).await?;
            db.close().await?;
            Ok(())
        }
        Command::User(UserCommand::Add { email, role, partnership, side, name, language, password_stdin: _ }) => {
            let db = open(&cli.storage, &file).await?;
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\n', '\r']);
            add_user(&db, &email, role, partnership.as_deref(), side.as_deref(), name, language, password).await?;
            db.close().await?;
            Ok(())
        }
        Command::Token(TokenCommand::Issue { email, label, role, partnership }) => {
            let db = open(&cli.storage, &file).await?;
            let token = issue_token(&db, &email, &label, role, partnership.as_deref()).await?;
            println!("{token}");
            eprintln!("issued; keep the token safe: it is not shown again");
            db.close().await?;
            Ok(())
        }
        Command::Export { out } | Command::Backup { out } => {
            let db = open(&cli.storage, &file).await?;
            // Streamed to a file beside the target, made durable, then put in place.
            let tmp = out.with_extension("partial");
            let f = std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
            let written = match transfer::export_to(&db, std::io::BufWriter::new(f)).await {
                Ok(w) => w,
                Err(e) => {
                    std::fs::remove_file(&tmp).ok();
                    return Err(anyhow::anyhow!(describe(&e)));
                }
            };
            let f = written.into_inner().map_err(|e| anyhow::anyhow!("cannot write {}: {e}", tmp.display()))?;
            f.sync_all()?;
            let size = f.metadata()?.len();
            std::fs::rename(&tmp, &out).with_context(|| format!("cannot write {}", out.display()))?;
            println!("exported {size} bytes to {}", out.display());
            db.close().await?;
            Ok(())
        }
        Command::Publish { out, site_url, live_url, tile_url, watch } => {
            let live_url = live_url.or(file.public_url.clone());
            for (option, url) in [("--site-url", Some(&site_url)), ("--live-url", live_url.as_ref())] {
                if let Some(url) = url
                    && !(url.starts_with("https://") || url.starts_with("http://"))
                {
                    bail!("{option} {url:?} must start with https:// or http://");
                }
            }
            let (db, data_dir) = open_with_dir(&cli.storage, &file).await?;
            let tiles = match tile_url.or(file.tile_url.clone()) {
                None => zusterstad_web::Tiles::openstreetmap(),
                Some(url) if url.is_empty() => zusterstad_web::Tiles::default(),
                Some(url) => zusterstad_web::Tiles { url, attribution: String::new() },
            };
            // Publishing sends no mail; the outbox is there because pages share the
            // server's state.
            let mailer = std::sync::Arc::new(
                zusterstad_store::mail::Outbox::new(&data_dir.join("outbox"), "Zusterstad <noreply@localhost>")
                    .map_err(anyhow::Error::msg)?,
            );
            let state = zusterstad_web::AppState::new(db.clone(), now, tiles, mailer, random_bytes);
            let output = if out.starts_with("s3://") {
                zusterstad_store::files::Files::from_url(&out)?
            } else {
                zusterstad_store::files::Files::folder(std::path::Path::new(&out))?
            };
            let site = zusterstad_web::publish::Site { url: site_url, live: live_url };
            publish(&db, state, &output, &site, watch).await?;
            db.close().await?;
            Ok(())
        }
        Command::GcFiles => {
            let db = open(&cli.storage, &file).await?;
            let done = db.gc_files(chrono::Utc::now(), chrono::Duration::hours(1)).await?;
            println!(
                "removed {} unused files ({} bytes); kept {} stored in the last hour",
                done.removed, done.removed_bytes, done.kept_recent
            );
            db.close().await?;
            Ok(())
        }
        Command::Import { file: path } | Command::Restore { file: path } => {
            let input = std::fs::File::open(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let db = open(&cli.storage, &file).await?;
            let summary = transfer::import_from(&db, input).await.map_err(|e| anyhow::anyhow!(describe(&e)))?;
            let total: usize = summary.iter().map(|(_, n)| n).sum();
            println!("imported {total} rows from {}", path.display());
            // The search index is built now, so the server's first search finds it ready.
            let indexed = db.reindex(now()).await.map_err(|e| anyhow::anyhow!(describe(&e)))?;
            println!(
                "search index built: {} published partnerships, {} texts",
                indexed.partnerships, indexed.documents
            );
            db.close().await?;
            Ok(())
        }
    }
}

/// One line for a person at a terminal.
fn describe(e: &Error) -> String {
    match e {
        Error::Invalid { fields } => fields.iter().map(|f| f.message.clone()).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

async fn load_demo(db: &Db) -> anyhow::Result<()> {
    let change = Change::by_system("demo", now());
    match demo::load(db, &change, demo::GENT_KANAZAWA).await.map_err(|e| anyhow::anyhow!(describe(&e)))? {
        demo::Outcome::Loaded { items } => println!("loaded the Ghent–Kanazawa demo ({items} items)"),
        demo::Outcome::AlreadyLoaded => println!("the Ghent–Kanazawa demo is already loaded"),
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn add_user(
    db: &Db,
    email: &str,
    role: Role,
    partnership: Option<&str>,
    side: Option<&str>,
    name: Option<String>,
    language: Option<Lang>,
    password: &str,
) -> anyhow::Result<()> {
    use zusterstad_core::store::PartnershipStore;
    let email = email.trim().to_lowercase();
    check_password(password, &email).map_err(|e| anyhow::anyhow!("password refused: {}", describe(&e)))?;
    let mut side_country = None;
    let mut grant = RoleGrant {
        user_id: Id::new(0),
        role,
        partnership_id: None,
        side_city_id: None,
        organisation_id: None,
        person_id: None,
    };
    if let Some(slug) = partnership {
        let p = db.partnership_by_slug(slug).await.map_err(|_| anyhow::anyhow!("there is no partnership {slug:?}"))?;
        grant.partnership_id = Some(p.id);
        if let Some(side) = side {
            let cities: Vec<zusterstad_core::Stored<zusterstad_core::partnerships::City>> =
                zusterstad_core::store::by_ids(db, [p.item.city_a_id.get(), p.item.city_b_id.get()]).await?;
            let city = cities
                .iter()
                .find(|c| c.item.slug == side && p.item.has_city(c.id))
                .ok_or_else(|| anyhow::anyhow!("{side:?} is not one of the two cities of {slug:?}"))?;
            grant.side_city_id = Some(city.id);
            side_country = Some(city.item.country.clone());
        }
    } else if side.is_some() {
        bail!("--side needs --partnership");
    }
    if role == Role::Coordinator && grant.side_city_id.is_none() {
        bail!("a coordinator needs --partnership SLUG and --side CITY");
    }
    if matches!(role, Role::Editor | Role::Ambassador) {
        bail!("editors and ambassadors are added from the workspace, where their organisation or profile is chosen");
    }
    let salt: [u8; 16] = random_salt()?;
    let user = User {
        display_name: name.unwrap_or_else(|| email.clone()),
        email: email.clone(),
        password_hash: hash_password(password, &salt)?,
        language: language.unwrap_or_else(|| side_country.as_deref().map_or(Lang::En, Lang::of_country)),
        disabled: false,
        session_epoch: 0,
    };
    let change = Change::by_system("cli", now());
    db.create_user_with_roles(&change, user, vec![grant]).await.map_err(|e| anyhow::anyhow!(describe(&e)))?;
    println!("added {email} as {}", format!("{role:?}").to_lowercase());
    Ok(())
}

async fn issue_token(
    db: &Db,
    email: &str,
    label: &str,
    role: Option<Role>,
    partnership: Option<&str>,
) -> anyhow::Result<String> {
    use zusterstad_core::store::PartnershipStore;
    use zusterstad_core::tokens::{ApiToken, new_token};
    let user = db.user_by_email(email).await?.ok_or_else(|| anyhow::anyhow!("there is no account {email:?}"))?;
    let partnership = match partnership {
        Some(slug) => Some(
            db.partnership_by_slug(slug).await.map_err(|_| anyhow::anyhow!("there is no partnership {slug:?}"))?.id,
        ),
        None => None,
    };
    let grants: Vec<zusterstad_core::Stored<RoleGrant>> = zusterstad_core::store::grants_of(db, user.id).await?;
    let mine: Vec<_> = grants
        .into_iter()
        .filter(|g| role.is_none_or(|r| g.item.role == r))
        .filter(|g| partnership.is_none_or(|p| g.item.partnership_id == Some(p)))
        .collect();
    let grant = match mine.as_slice() {
        [one] => one,
        [] => bail!("{email} has no such role"),
        _ => bail!("{email} has several such roles: choose one with --role and --partnership"),
    };
    let mut random = random_bytes();
    let token = new_token(random);
    random.fill(0);
    let item = ApiToken::for_grant(&grant.item, label, &token);
    RecordStore::<ApiToken>::create(db, &Change::by_system("cli", now()), item)
        .await
        .map_err(|e| anyhow::anyhow!(describe(&e)))?;
    Ok(token)
}

fn random_salt() -> anyhow::Result<[u8; 16]> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("cannot read random bytes: {e}"))?;
    Ok(salt)
}

/// Publishes once, or (`watch`) again whenever the record or the hour changes.
async fn publish(
    db: &Db,
    state: zusterstad_web::AppState<Db>,
    output: &zusterstad_store::files::Files,
    site: &zusterstad_web::publish::Site,
    watch: bool,
) -> anyhow::Result<()> {
    use zusterstad_core::store::AuditStore;
    let mut stop = std::pin::pin!(shutdown_signal());
    let mut last: Option<(i64, String)> = None;
    loop {
        let at = now();
        let mark = (db.latest_seq().await?, at.format("%Y-%m-%dT%H").to_string());
        if last.as_ref() != Some(&mark) {
            let started = std::time::Instant::now();
            let done = zusterstad_web::publish::publish(state.clone(), output, site, at)
                .await
                .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            println!(
                "published {} partnerships to {} in {:.1} s: {} files made, {} written, {} removed; {} unchanged partnerships ({} files) kept",
                done.partnerships,
                output.location,
                started.elapsed().as_secs_f64(),
                done.rendered,
                done.written,
                done.removed,
                done.unchanged_partnerships,
                done.kept
            );
            for problem in &done.problems {
                eprintln!("warning: a link in the copy leads nowhere: {problem}");
            }
            last = Some(mark);
        }
        if !watch {
            return Ok(());
        }
        tokio::select! {
            () = tokio::time::sleep(std::time::Duration::from_secs(2)) => {}
            () = &mut stop => return Ok(()),
        }
    }
}

/// The operating system's randomness, for cancellation links.
fn random_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    if let Err(e) = getrandom::fill(&mut bytes) {
        // Without randomness no link would be secret: stop rather than hand out guessable ones.
        tracing::error!(error = %e, "the operating system gives no random bytes");
        std::process::abort();
    }
    bytes
}

async fn serve(
    db: Db,
    addr: SocketAddr,
    tiles: zusterstad_web::Tiles,
    mailer: std::sync::Arc<dyn zusterstad_core::registrations::Mailer>,
    public_url: Option<String>,
    trusted_proxies: Vec<std::net::IpAddr>,
    metrics_bind: Option<SocketAddr>,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    let metrics_listener = match metrics_bind {
        Some(at) => Some(tokio::net::TcpListener::bind(at).await.with_context(|| format!("cannot listen on {at}"))?),
        None => None,
    };
    let local = listener.local_addr()?;
    let base_url = public_url.clone().unwrap_or_else(|| format!("http://{local}"));
    let state = zusterstad_web::AppState::new(db.clone(), now, tiles, mailer, random_bytes)
        .with_public_url(public_url)
        .with_trusted_proxies(trusted_proxies);
    // Reminders to coordinators: checked every ten minutes, each sent once; expired
    // sessions are removed at the same pace.
    let reminders = state.clone();
    let sessions = db.clone();
    // The mail outbox: what is due (retries, and mails of requests that ended before
    // sending) goes out every ten seconds; registrations' holds that are over are
    // released at the same pace, their places going to the people waiting.
    let sender = state.clone();
    let links = base_url.clone();
    // The search index follows the changes (only the partnerships that changed), so
    // a search rarely has anything left to catch up on.
    let indexer = db.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(2));
        loop {
            every.tick().await;
            if let Err(e) = indexer.refresh_search(now()).await {
                tracing::warn!(error = %e, "the search index could not be brought up to date");
            }
        }
    });
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(10));
        loop {
            every.tick().await;
            if let Err(e) = zusterstad_web::release_lapsed_registrations(&sender, &links).await {
                tracing::warn!(error = %e, "registrations' holds could not be released");
            }
            zusterstad_web::outbox::deliver_due(&sender).await;
        }
    });
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            if let Err(e) = zusterstad_core::store::SessionStore::delete_expired_sessions(&sessions, now()).await {
                tracing::warn!(error = %e, "expired sessions could not be removed");
            }
            match zusterstad_web::send_reminders(&reminders, &base_url).await {
                Ok(0) => {}
                Ok(n) => {
                    reminders.metrics.reminders_sent(n as u64);
                    tracing::info!(mails = n, "reminders sent");
                }
                Err(e) => tracing::warn!(error = %e, "reminders could not be checked"),
            }
        }
    });
    if let Some(listener) = metrics_listener {
        let metrics = zusterstad_web::metrics::router(state.clone());
        let at = listener.local_addr()?;
        println!("Metrics at http://{at}/metrics");
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, metrics).await {
                tracing::warn!(error = %e, "the metrics endpoint stopped");
            }
        });
    }
    let app = zusterstad_web::app(state);
    println!("Zusterstad is running at http://{local}/");
    tracing::info!(%local, "listening");
    serve_connections(listener, app).await;
    tracing::info!("stopped");
    db.close().await?;
    Ok(())
}

/// A client must send a request's headers within this time (a slow or silent client,
/// including an idle kept-alive connection, is disconnected after it).
const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// After Ctrl-C or SIGTERM, requests in flight get this long to finish.
const SHUTDOWN_DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);

/// Accepts connections and serves `app` on each (HTTP/1.1 with the header timeout,
/// the peer's address as `ConnectInfo`), until Ctrl-C or SIGTERM; then stops
/// accepting, lets requests in flight finish, and closes what is left at the deadline.
async fn serve_connections(listener: tokio::net::TcpListener, app: axum::Router) {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::server::graceful::GracefulShutdown;
    use tower::ServiceExt;
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    let graceful = GracefulShutdown::new();
    let mut signal = std::pin::pin!(shutdown_signal());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(x) => x,
                    Err(e) => {
                        // Out of file descriptors and the like: wait a moment, go on.
                        tracing::warn!(error = %e, "cannot accept a connection");
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let app = app.clone();
                let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                    app.clone().oneshot(request.map(axum::body::Body::new))
                });
                let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service).into_owned();
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    if let Err(e) = connection.await {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                });
            }
            () = &mut signal => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_DEADLINE) => {
            tracing::warn!("shutdown deadline reached: closing the connections still open");
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM; in-flight requests then finish before exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
