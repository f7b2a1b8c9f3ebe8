//! Human output of the headless commands: aligned tables and key/value blocks, "—" for a
//! missing value.

use unicode_width::UnicodeWidthStr;

use crate::model::*;

/// A table printed with aligned columns.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; blank cells become "—".
    pub fn row(&mut self, cells: Vec<String>) {
        let cells = cells
            .into_iter()
            .map(|c| {
                let one_line = c.replace(['\n', '\r', '\t'], " ");
                or_dash(Some(&one_line)).to_owned()
            })
            .collect();
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn render(&self) -> String {
        let cols = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(cols) {
                widths[i] = widths[i].max(c.width());
            }
        }
        let line = |cells: &[String]| {
            let mut out = String::new();
            for (i, c) in cells.iter().enumerate().take(cols) {
                if i + 1 == cols {
                    out.push_str(c);
                } else {
                    out.push_str(c);
                    out.push_str(&" ".repeat(widths[i] - c.width() + 2));
                }
            }
            out.trim_end().to_owned()
        };
        let mut out = line(&self.header);
        out.push('\n');
        for r in &self.rows {
            out.push_str(&line(r));
            out.push('\n');
        }
        out
    }
}

/// `key: value` lines, keys aligned.
pub fn fields(pairs: &[(&str, String)]) -> String {
    let w = pairs.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let mut out = String::new();
    for (k, v) in pairs {
        out.push_str(&format!(
            "{k}:{} {}\n",
            " ".repeat(w - k.width()),
            or_dash(Some(v))
        ));
    }
    out
}

pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

pub fn yes_no(v: Option<bool>) -> String {
    match v {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => String::new(),
    }
}

/// A number without a pointless `.0`.
pub fn number(v: Option<f64>) -> String {
    match v {
        Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", n as i64),
        Some(n) => n.to_string(),
        None => String::new(),
    }
}

pub fn services_table(services: &[Service]) -> Table {
    let mut t = Table::new(&["ID", "EXTERNAL ID", "SERVICE", "LIMITS"]);
    for s in services {
        t.row(vec![
            opt(&s.id),
            opt(&s.external_id),
            opt(&s.name),
            limits_summary(s.limits.as_ref()),
        ]);
    }
    t
}

/// One line per service: "blocked (usage_frequency_by_period 2/2)" etc.
pub fn limits_summary(limits: Option<&ServiceLimits>) -> String {
    let Some(l) = limits else {
        return String::new();
    };
    if !l.has_any() {
        return "no limits".into();
    }
    let parts: Vec<String> = l
        .present()
        .map(|(g, lim)| {
            let mut p = g.key().to_owned();
            if let (Some(v), Some(progress)) = (lim.limit_value(), lim.multiplans_limit_progress) {
                p.push_str(&format!(" {}/{}", number(Some(progress)), number(Some(v))));
            } else if let Some(v) = lim.limit_value() {
                p.push_str(&format!(" {}", number(Some(v))));
            }
            if let Some(tiers) = &lim.copayment_tiers
                && !tiers.is_empty()
            {
                let each: Vec<String> = tiers.iter().map(tier_text).collect();
                p.push_str(&format!(" (tiers: {})", each.join("; ")));
            }
            if lim.block_service == Some(true) {
                p.push_str(" BLOCKED");
            }
            p
        })
        .collect();
    let head = if l.is_blocked() { "BLOCKED: " } else { "" };
    format!("{head}{}", parts.join(", "))
}

pub fn contracts(list: &[Contract]) -> String {
    if list.is_empty() {
        return "no contracts found\n".into();
    }
    let mut out = String::new();
    for (i, c) in list.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&fields(&[
            ("contract", opt(&c.id)),
            ("access identifier", opt(&c.access_identifier)),
            ("document", opt(&c.document_identifier)),
            ("holder", c.full_name()),
            ("email", opt(&c.email)),
            ("mobile", opt(&c.mobile_phone_number)),
            (
                "plan",
                format!("{} {}", opt(&c.plan_code), opt(&c.plan_name))
                    .trim()
                    .to_owned(),
            ),
            (
                "valid",
                format!(
                    "{} → {}",
                    or_dash(c.start_date.as_deref()),
                    or_dash(c.end_date.as_deref())
                ),
            ),
            ("active", yes_no(c.active)),
        ]));
        let t = services_table(c.services());
        if !t.is_empty() {
            out.push_str(&t.render());
        }
    }
    out
}

pub fn service_requests(list: &[ServiceRequest]) -> Table {
    let mut t = Table::new(&[
        "ID",
        "STATUS",
        "SERVICE",
        "CONTRACT",
        "ACCESS ID",
        "REQUESTED AT",
        "SCHEDULED",
        "PROVIDER",
        "SOURCE",
        "EXTERNAL ID",
    ]);
    for r in list {
        t.row(vec![
            opt(&r.id),
            r.status().as_str().to_owned(),
            opt(&r.service_name),
            opt(&r.contract_id),
            opt(&r.access_identifier),
            local_time(r.requested_at.as_deref()),
            scheduled(r),
            opt(&r.provider_name),
            opt(&r.source),
            opt(&r.external_id),
        ]);
    }
    t
}

/// `2024-12-17 15:24:48 → 2024-12-19`: date and time, then the end date when there is one.
pub fn scheduled(r: &ServiceRequest) -> String {
    let start = format!("{} {}", opt(&r.scheduled_date), opt(&r.scheduled_time))
        .trim()
        .to_owned();
    match r
        .scheduled_end_date
        .as_deref()
        .filter(|e| !e.trim().is_empty())
    {
        Some(end) => format!("{} → {end}", or_dash(Some(&start))),
        None => start,
    }
}

/// An address with its coordinates when the server gave them: `Calle 1 (40.41, -3.70)`.
fn place(address: &Option<String>, lat: &Option<String>, long: &Option<String>) -> String {
    let coords = match (lat.as_deref(), long.as_deref()) {
        (None, None) => String::new(),
        (la, lo) => format!(" ({}, {})", or_dash(la), or_dash(lo)),
    };
    format!("{}{coords}", opt(address)).trim().to_owned()
}

pub fn service_request(r: &ServiceRequest) -> String {
    let mut out = fields(&[
        ("id", opt(&r.id)),
        ("public id", opt(&r.public_id)),
        ("external id", opt(&r.external_id)),
        ("status", r.status().as_str().to_owned()),
        (
            "service",
            format!(
                "{} ({})",
                or_dash(r.service_name.as_deref()),
                or_dash(r.service_external_id.as_deref())
            ),
        ),
        ("contract", opt(&r.contract_id)),
        ("access identifier", opt(&r.access_identifier)),
        ("user", r.user_name()),
        ("user phone", opt(&r.user_phone)),
        ("requested at", local_time(r.requested_at.as_deref())),
        (
            "origin",
            place(&r.origin_address, &r.origin_latitude, &r.origin_longitude),
        ),
        (
            "destination",
            place(
                &r.destination_address,
                &r.destination_latitude,
                &r.destination_longitude,
            ),
        ),
        ("scheduled", scheduled(r)),
        (
            "provider",
            format!("{} {}", opt(&r.provider_name), opt(&r.provider_phone))
                .trim()
                .to_owned(),
        ),
        ("technician", opt(&r.technician_name)),
        ("source", opt(&r.source)),
        ("contact center", opt(&r.contact_center_phone)),
        ("extra info", opt(&r.extra_info)),
    ]);
    let history = r.history();
    if !history.is_empty() {
        out.push_str("\nstatus history\n");
        let mut t = Table::new(&["STATUS", "AT"]);
        for (status, at) in history {
            t.row(vec![status, local_time(at.as_deref())]);
        }
        out.push_str(&t.render());
    }
    if let Some(answers) = r.answers.as_ref().filter(|a| !a.is_empty()) {
        out.push_str("\nanswers\n");
        let mut t = Table::new(&["QUESTION", "ANSWER"]);
        for a in answers {
            let q = a.question_text.clone().or_else(|| a.question_key.clone());
            t.row(vec![opt(&q), a.value_text()]);
        }
        out.push_str(&t.render());
    }
    out
}

pub fn plans(list: &[Plan]) -> String {
    let mut t = Table::new(&["PLAN", "NAME", "EXTERNAL PLAN ID", "SERVICES"]);
    for p in list {
        let services: Vec<String> = p
            .services
            .iter()
            .flatten()
            .map(|s| or_dash(s.name.as_deref()).to_owned())
            .collect();
        t.row(vec![
            opt(&p.code),
            opt(&p.name),
            opt(&p.external_plan_id),
            services.join(", "),
        ]);
    }
    t.render()
}

pub fn ranking(list: &[RankedProvider]) -> String {
    let mut t = Table::new(&["#", "PROVIDER", "EXTERNAL ID"]);
    for p in list {
        t.row(vec![
            opt(&p.position),
            opt(&p.provider_name),
            opt(&p.external_id),
        ]);
    }
    t.render()
}

pub fn admin_contracts(list: &[AdminContract]) -> String {
    let mut t = Table::new(&[
        "ID",
        "ACCESS ID",
        "APP",
        "START",
        "END",
        "ACTIVE",
        "EMAIL",
        "EMAIL STATUS",
        "MOBILE",
        "MOBILE STATUS",
        "ERRORS",
    ]);
    for c in list {
        t.row(vec![
            opt(&c.id),
            opt(&c.access_identifier),
            opt(&c.web_app_name),
            opt(&c.start_date),
            opt(&c.end_date),
            yes_no(c.active),
            opt(&c.email),
            opt(&c.email_validation_status),
            opt(&c.mobile_phone_number),
            opt(&c.mobile_phone_number_validation_status),
            c.error_text(),
        ]);
    }
    t.render()
}

/// What the server's validation statuses say of a contract's email and mobile number
/// when it does not call them valid (it takes the contract all the same).
pub fn validation_notes(c: &AdminContract) -> Vec<String> {
    c.flagged()
        .into_iter()
        .map(|(field, status)| {
            let value = match field.as_str() {
                "email" => &c.email,
                _ => &c.mobile_phone_number,
            };
            let shown = value
                .as_deref()
                .map_or_else(|| "(none)".to_owned(), |v| format!("{v:?}"));
            format!("the server marks {field} {shown} as {status}")
        })
        .collect()
}

pub fn point_transactions(list: &[PointTransaction]) -> String {
    let mut t = Table::new(&[
        "ID",
        "ACCESS ID",
        "TYPE",
        "POINTS",
        "STATUS",
        "EXPIRES",
        "CREATED",
        "COMMENT",
    ]);
    for p in list {
        t.row(vec![
            opt(&p.id),
            opt(&p.access_identifier),
            opt(&p.transaction_type),
            number(p.points),
            opt(&p.status),
            local_time(p.expiration_date.as_deref()),
            local_time(p.created_at.as_deref()),
            opt(&p.comment),
        ]);
    }
    t.render()
}

pub fn recurrent(list: &[RecurrentPointTransaction]) -> String {
    let mut t = Table::new(&[
        "ID",
        "ACCESS ID",
        "TYPE",
        "POINTS",
        "EVERY",
        "FROM",
        "UNTIL",
        "LAST",
        "COMMENT",
    ]);
    for p in list {
        t.row(vec![
            opt(&p.id),
            opt(&p.access_identifier),
            opt(&p.transaction_type),
            number(p.points),
            opt(&p.recurrence_period),
            opt(&p.recurrence_start_date),
            opt(&p.recurrence_end_date),
            opt(&p.last_recurrence_date),
            opt(&p.comment),
        ]);
    }
    t.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_dash_missing_values() {
        let mut t = Table::new(&["ID", "NAME", "CITY"]);
        t.row(vec!["1".into(), "Grúas Ñandú".into(), String::new()]);
        t.row(vec!["4364251898".into(), " ".into(), "Madrid".into()]);
        assert_eq!(
            t.render(),
            "ID          NAME         CITY\n1           Grúas Ñandú  —\n4364251898  —            Madrid\n"
        );
    }

    #[test]
    fn request_with_nothing_set_shows_dashes() {
        let text = service_request(&ServiceRequest::default());
        assert!(text.contains("id:                —"), "{text}");
    }
}
