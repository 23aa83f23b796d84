//! Sending mail: through SMTP when configured, else as `.eml` files in the outbox
//! folder of the data folder, so the default set-up needs no mail server and loses
//! no message.

use std::path::{Path, PathBuf};

use lettre::message::{Mailbox, header::ContentType};
use lettre::{FileTransport, Message, SmtpTransport, Transport};
use zusterstad_core::registrations::{Mail, Mailer};
use zusterstad_core::{Error, Result};

fn message(from: &Mailbox, mail: &Mail) -> Result<Message> {
    let to: Mailbox = mail.to.parse().map_err(|_| Error::problem("email", zusterstad_core::problem::Problem::Email))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|e| Error::Internal(format!("cannot build the message: {e}")))
}

fn parse_from(from: &str) -> std::result::Result<Mailbox, String> {
    from.parse().map_err(|e| format!("the sender address {from:?} is not valid: {e}"))
}

/// Writes each message as a file in a folder.
pub struct Outbox {
    dir: PathBuf,
    from: Mailbox,
}

impl Outbox {
    pub fn new(dir: &Path, from: &str) -> std::result::Result<Outbox, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create the outbox {}: {e}", dir.display()))?;
        Ok(Outbox { dir: dir.to_owned(), from: parse_from(from)? })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Mailer for Outbox {
    fn send(&self, mail: &Mail) -> Result<()> {
        let msg = message(&self.from, mail)?;
        FileTransport::new(&self.dir)
            .send(&msg)
            .map_err(|e| Error::Internal(format!("cannot write to the outbox: {e}")))?;
        Ok(())
    }
}

/// Sends through an SMTP server given as a URL, such as
/// `smtps://user:password@mail.example.org` or `smtp://localhost:25`.
pub struct Smtp {
    transport: SmtpTransport,
    from: Mailbox,
}

impl Smtp {
    pub fn new(url: &str, from: &str) -> std::result::Result<Smtp, String> {
        let transport = SmtpTransport::from_url(url).map_err(|e| format!("the SMTP URL is not valid: {e}"))?.build();
        Ok(Smtp { transport, from: parse_from(from)? })
    }
}

impl Mailer for Smtp {
    fn send(&self, mail: &Mail) -> Result<()> {
        let msg = message(&self.from, mail)?;
        self.transport.send(&msg).map_err(|e| Error::Internal(format!("the mail server refused the message: {e}")))?;
        Ok(())
    }
}
