//! The call planner: on a given day, the hours when office hours in two cities'
//! time zones overlap, daylight saving time included.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;

/// Office hours, in local time, on working days (Monday to Friday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeHours {
    /// First hour of the working day (8 = 08:00).
    pub from: u32,
    /// The hour the working day ends (18 = until 18:00).
    pub until: u32,
}

impl Default for OfficeHours {
    fn default() -> Self {
        OfficeHours { from: 8, until: 18 }
    }
}

/// One hour that suits both cities, starting at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub start: DateTime<Utc>,
}

fn in_office(at: DateTime<Utc>, zone: Tz, hours: OfficeHours) -> bool {
    let local = at.with_timezone(&zone);
    let working_day = !matches!(local.weekday(), Weekday::Sat | Weekday::Sun);
    // The whole hour must fit: it starts at or after `from` and ends by `until`.
    working_day && local.minute() == 0 && local.hour() >= hours.from && local.hour() < hours.until
}

/// The whole hours of `day` (a day in `home`'s calendar) that fall within office
/// hours in both `home` and `other`.
pub fn overlap(day: NaiveDate, home: Tz, other: Tz, hours: OfficeHours) -> Vec<Slot> {
    let Some(start) = home.from_local_datetime(&day.and_time(NaiveTime::MIN)).earliest() else {
        return Vec::new();
    };
    let start = start.with_timezone(&Utc);
    // 25 hours covers the longest day (the one where the clocks go back).
    (0..25)
        .map(|h| start + Duration::hours(h))
        .filter(|t| t.with_timezone(&home).date_naive() == day)
        .filter(|t| in_office(*t, home, hours) && in_office(*t, other, hours))
        .map(|start| Slot { start })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{Asia::Tokyo, Europe::Brussels};

    fn local_hours(slots: &[Slot], zone: Tz) -> Vec<u32> {
        slots.iter().map(|s| s.start.with_timezone(&zone).hour()).collect()
    }

    #[test]
    fn ghent_and_kanazawa_overlap_longer_in_summer() {
        let hours = OfficeHours::default();
        // Winter: Ghent is 8 hours behind Kanazawa. 08:00 and 09:00 in Ghent are
        // 16:00 and 17:00 in Kanazawa.
        let winter = overlap(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default(), Brussels, Tokyo, hours);
        assert_eq!(local_hours(&winter, Brussels), [8, 9]);
        assert_eq!(local_hours(&winter, Tokyo), [16, 17]);
        // Summer time: 7 hours behind, one hour more.
        let summer = overlap(NaiveDate::from_ymd_opt(2026, 6, 3).unwrap_or_default(), Brussels, Tokyo, hours);
        assert_eq!(local_hours(&summer, Brussels), [8, 9, 10]);
        // The day the clocks go forward in Europe (a Sunday) and a Saturday: no one
        // is at the office.
        assert!(overlap(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap_or_default(), Brussels, Tokyo, hours).is_empty());
        // Seen from Kanazawa on Monday 7 December: Ghent's Monday morning.
        let from_japan = overlap(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default(), Tokyo, Brussels, hours);
        assert_eq!(local_hours(&from_japan, Tokyo), [16, 17]);
        // Nine to five on both sides: no overlap in winter.
        let strict = OfficeHours { from: 9, until: 17 };
        assert!(overlap(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default(), Brussels, Tokyo, strict).is_empty());
    }
}
