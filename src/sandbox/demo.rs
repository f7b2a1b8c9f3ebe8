//! The demo data: the catalogue and people of `assets/demo/*.toml`, expanded into contracts
//! and requests deterministically from the seed, around today's date.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde::Deserialize;
use serde_json::{Value, json};

use super::store::{Catalog, ContractRec, ServiceDef, Store, iso};
use super::{DEMO_ACCESS_IDENTIFIER, SandboxConfig};
use crate::config::Language;
use crate::forms::{FormCatalog, QuestionType};
use crate::model::{Answer, AnswerInput, Contract, JsonObject, ServiceRequest, Status};

const CATALOG: &str = include_str!("../../assets/demo/catalog.toml");
const PEOPLE: &str = include_str!("../../assets/demo/people.toml");

/// How many generated contracts and requests the demo holds (besides DEMO-0001's).
pub const DEMO_CONTRACTS: usize = 56;
pub const DEMO_REQUESTS: usize = 300;

#[derive(Debug, Clone, Deserialize)]
pub struct City {
    pub name: String,
    pub state: String,
    pub country: String,
    pub zone: String,
    pub lat: f64,
    pub lon: f64,
    pub weight: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct People {
    pub first_names: Vec<String>,
    pub surnames: Vec<String>,
    pub email_domains: Vec<String>,
    pub streets_es: Vec<String>,
    pub streets_cl: Vec<String>,
    pub cities: Vec<City>,
}

pub fn catalog() -> Catalog {
    toml::from_str(CATALOG).expect("assets/demo/catalog.toml is valid")
}

pub fn people() -> People {
    toml::from_str(PEOPLE).expect("assets/demo/people.toml is valid")
}

/// Builds the whole store for `config`.
pub fn build(config: SandboxConfig) -> Store {
    let catalog = catalog();
    let people = people();
    let mut rng = StdRng::seed_from_u64(config.seed);
    let now = Utc::now();
    let today = now.date_naive();
    let mut store = Store {
        catalog,
        contracts: Vec::new(),
        requests: Default::default(),
        next_contract_id: 1,
        next_request_id: 1,
        points: Default::default(),
        next_point_id: 1,
        recurrent: Default::default(),
        next_recurrent_id: 1,
        balances: Default::default(),
        tokens: Default::default(),
        tokens_issued: 0,
        tokens_valid_after: None,
        whatsapp_sent: Vec::new(),
        update_bodies: Vec::new(),
        list_calls: Default::default(),
        get_calls: 0,
        faults: Vec::new(),
        rng: StdRng::seed_from_u64(config.seed.wrapping_add(1)),
        config,
    };
    add_demo_customer(&mut store, today, now);
    for _ in 0..DEMO_CONTRACTS {
        let c = random_contract(&mut store, &people, &mut rng, today);
        store.contracts.push(c);
    }
    let simulated = store.simulated_contract_ids();
    // The demo: a third recent (still open on a live board), the rest history of three
    // months. At scale (`--requests N`): about 5 % open (three in four recent ones are), the
    // rest finished or cancelled over the last year.
    let (count, recent, history_days) = match store.config.requests {
        Some(n) => (n, 0.067, 365),
        None => (DEMO_REQUESTS, 0.3, 90),
    };
    for _ in 0..count {
        let cid = *simulated.choose(&mut rng).expect("contracts");
        let age_minutes = if rng.random_bool(recent) {
            rng.random_range(5..(2 * 24 * 60))
        } else {
            rng.random_range((2 * 24 * 60)..(history_days * 24 * 60))
        };
        let requested = now - Duration::minutes(age_minutes);
        if let Some(r) = random_request(&mut store, &people, &mut rng, cid, requested, now) {
            store.requests.insert(r.id.unwrap_or_default(), r);
        }
    }
    // A starting balance, so spending has something to spend.
    store
        .balances
        .insert(DEMO_ACCESS_IDENTIFIER.to_owned(), 500.0);
    store
}

/// DEMO-0001: the fixed points of PRODUCT.md. Its active contract has one service blocked
/// by its usage limit (two requests already used), one with variable copayment tiers and
/// one with no limits; its second contract expired.
fn add_demo_customer(store: &mut Store, today: NaiveDate, now: DateTime<Utc>) {
    let base = |id: i64, plan: &str| {
        let p = store.catalog.plan(plan).expect("demo plan");
        Contract {
            id: Some(id),
            access_identifier: Some(DEMO_ACCESS_IDENTIFIER.into()),
            document_identifier: Some(DEMO_ACCESS_IDENTIFIER.into()),
            email: Some("begona.munoz@correo.test".into()),
            first_name: Some("Begoña".into()),
            last_name: Some("Muñoz Peña".into()),
            surname: Some("Muñoz".into()),
            second_surname: Some("Peña".into()),
            city: Some("Madrid".into()),
            state: Some("Comunidad de Madrid".into()),
            country: Some("ES".into()),
            address_line_one: Some("Calle de Alcalá 123".into()),
            address_line_two: Some("3º B".into()),
            national_id: Some("12345678Z".into()),
            active: Some(true),
            plan_code: Some(p.code.clone()),
            plan_name: Some(p.name.clone()),
            external_plan_id: p.external_plan_id.clone(),
            unique_contract_id: Some(format!("DEMO-0001-{id}")),
            mobile_phone_number: Some("+34612345678".into()),
            client_contract: Some(format!("CC-DEMO-{id:03}")),
            external_extra_data: Some(
                json!({"segment": "demo", "canal": "centro de contacto"})
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
            ),
            ..Default::default()
        }
    };
    let mut active = base(1, "HOGAR-DEMO");
    active.start_date = Some((today - Duration::days(200)).to_string());
    active.end_date = Some((today + Duration::days(165)).to_string());
    let mut expired = base(2, "AUTO-BASICO");
    expired.start_date = Some((today - Duration::days(800)).to_string());
    expired.end_date = Some((today - Duration::days(70)).to_string());
    expired.active = Some(false);
    expired.vehicle_plate_number = Some("4821 KLM".into());
    for c in [active, expired] {
        store.contracts.push(ContractRec {
            contract: c,
            simulated: false,
            new_contract: true,
        });
    }
    store.next_contract_id = 3;
    let cerrajeria = store.catalog.service_by_key("cerrajeria").cloned();
    let fontaneria = store.catalog.service_by_key("fontaneria").cloned();
    let provider = ("Cerrajeros Peñalver e Hijos", "+34915550103");
    for (days_ago, service) in [(120, &cerrajeria), (45, &cerrajeria), (20, &fontaneria)] {
        let Some(service) = service else { continue };
        let requested = now - Duration::days(days_ago);
        let contract = store.contracts[0].clone();
        let mut r = new_request(store, &contract, service, requested);
        r.origin_address = Some("Calle de Alcalá 123, 3º B, Madrid".into());
        r.origin_latitude = Some("40.423100".into());
        r.origin_longitude = Some("-3.684200".into());
        r.provider_name = Some(provider.0.into());
        r.provider_phone = Some(provider.1.into());
        r.technician_name = Some("Joaquín Cortés Marín".into());
        r.source = Some("call_center".into());
        set_history(
            &mut r,
            requested,
            &[Status::Assigned, Status::InProgress, Status::Finished],
        );
        store.requests.insert(r.id.unwrap_or_default(), r);
    }
}

/// Sets the status history from `start`, one status every 20-40 minutes, and the status.
fn set_history(r: &mut ServiceRequest, start: DateTime<Utc>, after: &[Status]) {
    let mut history = JsonObject::new();
    history.insert("pending".into(), Value::String(iso(start)));
    let mut t = start;
    let mut current = Status::Pending;
    for (i, s) in after.iter().enumerate() {
        t += Duration::minutes(20 + 7 * i as i64);
        history.insert(s.as_str().into(), Value::String(iso(t)));
        current = s.clone();
    }
    r.status_history = Some(history);
    r.current_status = Some(current);
}

/// A fresh `pending` request on `contract` for `service`, with a new id, and every field
/// the server derives from the contract and the service filled in.
pub fn new_request(
    store: &mut Store,
    contract: &ContractRec,
    service: &ServiceDef,
    requested_at: DateTime<Utc>,
) -> ServiceRequest {
    let id = store.next_request_id;
    store.next_request_id += 1;
    let c = &contract.contract;
    let ai = c.access_identifier.clone();
    let mut history = JsonObject::new();
    history.insert("pending".into(), Value::String(iso(Utc::now())));
    let last = c.last_name.clone().or_else(|| {
        let s: Vec<&str> = [c.surname.as_deref(), c.second_surname.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        (!s.is_empty()).then(|| s.join(" "))
    });
    let full = [c.first_name.as_deref(), last.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    ServiceRequest {
        id: Some(id),
        service_id: Some(service.id),
        contract_id: c.id,
        external_id: None,
        public_id: Some(store.public_id(id, None)),
        plan_code: c.plan_code.clone(),
        current_status: Some(Status::Pending),
        access_identifier_kind: ai.as_deref().map(|a| identifier_kind(a, c).to_owned()),
        access_identifier: ai.clone(),
        requested_at: Some(iso(requested_at)),
        service_name: Some(service.name.clone()),
        status_history: Some(history),
        extra_info: None,
        user_full_name: (!full.is_empty()).then_some(full),
        user_email: c.email.clone(),
        user_phone: c.mobile_phone_number.clone(),
        service_external_id: service.external_id.clone(),
        user_first_name: c.first_name.clone(),
        user_last_name: last,
        external_plan_id: c.external_plan_id.clone(),
        document_identifier: ai,
        answers: Some(Vec::new()),
        ..Default::default()
    }
}

/// What kind of identifier a customer's access identifier is.
pub fn identifier_kind(ai: &str, c: &Contract) -> &'static str {
    if ai.contains('@') {
        "email"
    } else if ai.starts_with('+') {
        "mobile_phone_number"
    } else if c.national_id.as_deref() == Some(ai) {
        "national_id"
    } else {
        "access_code"
    }
}

/// The console's built-in question sets (`assets/forms.toml`): the sandbox stores the text
/// and type of the very questions the console asks.
pub fn forms() -> &'static FormCatalog {
    static FORMS: OnceLock<FormCatalog> = OnceLock::new();
    FORMS.get_or_init(|| FormCatalog::load(None).expect("assets/forms.toml is valid"))
}

/// Answers as stored: the question's (Spanish) text and type when the service's question set
/// has it; answers to other keys are stored as given, without text or type.
pub fn stored_answers(service: &ServiceDef, input: &[AnswerInput]) -> Vec<Answer> {
    let set = forms().for_service(service.external_id.as_deref());
    input
        .iter()
        .map(|a| {
            let q = set.question(&a.question_key);
            let text = match &a.value {
                Value::Bool(true) => Some("Sí".to_owned()),
                Value::Bool(false) => Some("No".to_owned()),
                Value::String(s) => Some(s.clone()),
                Value::Null => None,
                other => Some(other.to_string()),
            };
            Answer {
                question_key: Some(a.question_key.clone()),
                question_text: q.map(|q| q.text.get(Language::Es).to_owned()),
                value: Some(a.value.clone()),
                answer_text: text,
                kind: q.map(|q| q.kind.as_str().to_owned()),
            }
        })
        .collect()
}

fn dni(rng: &mut StdRng) -> String {
    let n: u32 = rng.random_range(10_000_000..99_999_999);
    let letters = b"TRWAGMYFPDXBNJZSQVHLCKE";
    format!("{n}{}", letters[(n % 23) as usize] as char)
}

fn rut(rng: &mut StdRng) -> String {
    let n: u32 = rng.random_range(8_000_000..25_000_000);
    let mut sum = 0;
    let mut factor = 2;
    let mut m = n;
    while m > 0 {
        sum += (m % 10) * factor;
        m /= 10;
        factor = if factor == 7 { 2 } else { factor + 1 };
    }
    let dv = match 11 - (sum % 11) {
        11 => "0".to_owned(),
        10 => "K".to_owned(),
        d => d.to_string(),
    };
    format!("{n}-{dv}")
}

fn ascii_fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'Á' => 'a',
            'é' | 'É' => 'e',
            'í' | 'Í' | 'ï' => 'i',
            'ó' | 'Ó' => 'o',
            'ú' | 'ü' | 'Ú' => 'u',
            'ñ' | 'Ñ' => 'n',
            'ç' => 'c',
            c => c.to_ascii_lowercase(),
        })
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

pub fn pick_city<'a>(people: &'a People, rng: &mut StdRng) -> &'a City {
    let total: u32 = people.cities.iter().map(|c| c.weight).sum();
    let mut n = rng.random_range(0..total.max(1));
    for c in &people.cities {
        if n < c.weight {
            return c;
        }
        n -= c.weight;
    }
    &people.cities[0]
}

fn random_contract(
    store: &mut Store,
    people: &People,
    rng: &mut StdRng,
    today: NaiveDate,
) -> ContractRec {
    let id = store.next_contract_id;
    store.next_contract_id += 1;
    let city = pick_city(people, rng).clone();
    let chile = city.country == "CL";
    let plans: &[&str] = if chile {
        &["CHILE-RUTA", "HOGAR-TOTAL"]
    } else {
        &["AUTO-BASICO", "AUTO-PLUS", "HOGAR-TOTAL", "HOGAR-DEMO"]
    };
    let plan = store
        .catalog
        .plan(plans.choose(rng).expect("plans"))
        .expect("plan")
        .clone();
    let first = people.first_names.choose(rng).expect("names").clone();
    let s1 = people.surnames.choose(rng).expect("surnames").clone();
    let s2 = people.surnames.choose(rng).expect("surnames").clone();
    let national_id = if chile { rut(rng) } else { dni(rng) };
    let phone = if chile {
        format!("+569{}", rng.random_range(10_000_000..99_999_999))
    } else {
        format!("+34{}", rng.random_range(600_000_000..699_999_999))
    };
    let access_identifier = if rng.random_bool(0.25) {
        phone.clone()
    } else {
        national_id.clone()
    };
    let domain = people.email_domains.choose(rng).expect("domains");
    let email = format!("{}.{}{}@{domain}", ascii_fold(&first), ascii_fold(&s1), id);
    let start = today - Duration::days(rng.random_range(10..720));
    let years = rng.random_range(1..=2);
    let end = start + Duration::days(365 * years);
    let active = end >= today;
    let streets = if chile {
        &people.streets_cl
    } else {
        &people.streets_es
    };
    let auto = plan.code.starts_with("AUTO") || plan.code.starts_with("CHILE");
    let plate = auto.then(|| {
        let letters = b"BCDFGHJKLMNPRSTVWXYZ";
        let l = |rng: &mut StdRng| letters[rng.random_range(0..letters.len())] as char;
        if chile {
            format!(
                "{}{}{}{}{:02}",
                l(rng),
                l(rng),
                l(rng),
                l(rng),
                rng.random_range(10..99)
            )
        } else {
            format!(
                "{:04} {}{}{}",
                rng.random_range(0..9999),
                l(rng),
                l(rng),
                l(rng)
            )
        }
    });
    let contract = Contract {
        id: Some(id),
        access_identifier: Some(access_identifier.clone()),
        document_identifier: Some(access_identifier),
        email: Some(email),
        first_name: Some(first),
        last_name: Some(format!("{s1} {s2}")),
        surname: Some(s1),
        second_surname: Some(s2),
        start_date: Some(start.to_string()),
        end_date: Some(end.to_string()),
        vehicle_plate_number: plate,
        city: Some(city.name.clone()),
        state: Some(city.state.clone()),
        country: Some(city.country.clone()),
        address_line_one: Some(format!(
            "{} {}",
            streets.choose(rng).expect("streets"),
            rng.random_range(1..250)
        )),
        address_line_two: rng.random_bool(0.6).then(|| {
            format!(
                "{}º {}",
                rng.random_range(1..9),
                ["A", "B", "C", "D"][rng.random_range(0..4)]
            )
        }),
        national_id: Some(national_id),
        active: Some(active),
        plan_code: Some(plan.code.clone()),
        plan_name: Some(plan.name.clone()),
        external_plan_id: plan.external_plan_id.clone(),
        unique_contract_id: Some(format!("{}-{id}", plan.code)),
        mobile_phone_number: Some(phone),
        client_contract: rng
            .random_bool(0.5)
            .then(|| format!("CC-{:06}", rng.random_range(0..999_999))),
        external_extra_data: None,
        services: None,
    };
    ContractRec {
        contract,
        simulated: true,
        new_contract: true,
    }
}

/// A request on `contract_id` at `requested`, its status following its age.
pub fn random_request(
    store: &mut Store,
    people: &People,
    rng: &mut StdRng,
    contract_id: i64,
    requested: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<ServiceRequest> {
    let contract = store.contract(contract_id)?.clone();
    let plan = store
        .catalog
        .plan(contract.contract.plan_code.as_deref()?)?
        .clone();
    let keys: Vec<String> = plan.services.iter().map(|s| s.service.clone()).collect();
    let service = store.catalog.service_by_key(keys.choose(rng)?)?.clone();
    // Within the contract's life.
    let start = contract.start()?.and_hms_opt(8, 0, 0)?.and_utc();
    let requested = requested.max(start);
    let end = contract
        .end()
        .and_then(|e| e.and_hms_opt(20, 0, 0))
        .map(|e| e.and_utc());
    let requested = match end {
        Some(e) if requested > e => e - Duration::hours(rng.random_range(1..200)),
        _ => requested,
    };
    let mut r = new_request(store, &contract, &service, requested);
    fill_details(store, people, rng, &mut r, &contract, &service, requested);
    let age = now - requested;
    let statuses: Vec<Status> = if age > Duration::days(2) {
        if rng.random_bool(0.12) {
            if rng.random_bool(0.5) {
                vec![Status::Cancelled]
            } else {
                vec![Status::Assigned, Status::Cancelled]
            }
        } else {
            vec![Status::Assigned, Status::InProgress, Status::Finished]
        }
    } else {
        match rng.random_range(0..4) {
            0 => vec![],
            1 => vec![Status::Assigned],
            2 => vec![Status::Assigned, Status::InProgress],
            _ => vec![Status::Assigned, Status::InProgress, Status::Finished],
        }
    };
    set_history(&mut r, requested, &statuses);
    if statuses.first() == Some(&Status::Assigned) {
        assign(store, people, rng, &mut r, &contract);
    }
    Some(r)
}

/// Fills the place, schedule, answers and reference of a generated request.
pub fn fill_details(
    store: &Store,
    people: &People,
    rng: &mut StdRng,
    r: &mut ServiceRequest,
    contract: &ContractRec,
    service: &ServiceDef,
    requested: DateTime<Utc>,
) {
    let city = people
        .cities
        .iter()
        .find(|c| Some(&c.name) == contract.contract.city.as_ref())
        .unwrap_or(&people.cities[0]);
    let chile = city.country == "CL";
    let streets = if chile {
        &people.streets_cl
    } else {
        &people.streets_es
    };
    let jitter = |rng: &mut StdRng| rng.random_range(-0.04..0.04);
    r.external_id = Some(format!(
        "{}",
        rng.random_range(1_000_000_000u64..9_999_999_999)
    ));
    r.public_id = Some(store.public_id(r.id.unwrap_or_default(), r.external_id.as_deref()));
    r.origin_address = Some(format!(
        "{} {}, {}",
        streets.choose(rng).expect("streets"),
        rng.random_range(1..300),
        city.name
    ));
    r.origin_latitude = Some(format!("{:.6}", city.lat + jitter(rng)));
    r.origin_longitude = Some(format!("{:.6}", city.lon + jitter(rng)));
    if service.key == "grua" {
        r.destination_address = Some(format!(
            "Taller {} , {} {}, {}",
            people.surnames.choose(rng).expect("surnames"),
            streets.choose(rng).expect("streets"),
            rng.random_range(1..300),
            city.name
        ));
        r.destination_latitude = Some(format!("{:.6}", city.lat + jitter(rng)));
        r.destination_longitude = Some(format!("{:.6}", city.lon + jitter(rng)));
    }
    r.scheduled_date = Some(requested.date_naive().to_string());
    r.scheduled_time = Some(requested.format("%H:%M:%S").to_string());
    r.source = Some(["call_center", "app", "web"][rng.random_range(0..3)].into());
    r.contact_center_phone = Some(
        if chile {
            "+56229990000"
        } else {
            "+34910000000"
        }
        .into(),
    );
    // Answers to the questions always shown (no `when`) of the service's set.
    let set = forms().for_service(service.external_id.as_deref());
    let input: Vec<AnswerInput> = set
        .questions
        .iter()
        .filter(|q| q.when.is_none())
        .map(|q| AnswerInput {
            question_key: q.key.clone(),
            value: match q.kind {
                QuestionType::Boolean => Value::Bool(rng.random_bool(0.5)),
                QuestionType::Number => {
                    let lo = q.min.unwrap_or(1.0).ceil() as i64;
                    let hi = (q.max.unwrap_or(5.0).floor() as i64).max(lo);
                    json!(rng.random_range(lo..=hi))
                }
                QuestionType::Date => Value::String(requested.date_naive().to_string()),
                QuestionType::Time => Value::String(format!("{:02}:00", rng.random_range(8..21))),
                QuestionType::Phone => Value::String(
                    contract
                        .contract
                        .mobile_phone_number
                        .clone()
                        .unwrap_or_default(),
                ),
                QuestionType::Email => {
                    Value::String(contract.contract.email.clone().unwrap_or_default())
                }
                QuestionType::Select => Value::String(
                    q.options
                        .choose(rng)
                        .map(|o| o.value.clone())
                        .unwrap_or_default(),
                ),
                QuestionType::Text if q.key == "vehicle_plate" => Value::String(
                    contract
                        .contract
                        .vehicle_plate_number
                        .clone()
                        .unwrap_or_else(|| "Sin datos".into()),
                ),
                QuestionType::Text => Value::String("Según indica el cliente por teléfono".into()),
            },
        })
        .collect();
    r.answers = Some(stored_answers(service, &input));
}

/// Gives the request a provider of its zone and a technician (on assignment).
pub fn assign(
    store: &Store,
    people: &People,
    rng: &mut StdRng,
    r: &mut ServiceRequest,
    contract: &ContractRec,
) {
    let zone_id = people
        .cities
        .iter()
        .find(|c| Some(&c.name) == contract.contract.city.as_ref())
        .map(|c| c.zone.clone())
        .unwrap_or_else(|| super::DEMO_ZONE.to_owned());
    if let Some(zone) = store
        .catalog
        .zones
        .iter()
        .find(|z| z.external_id == zone_id)
        && let Some(p) = zone.providers.choose(rng)
    {
        r.provider_name = Some(p.name.clone());
        r.provider_phone = Some(p.phone.clone());
    }
    r.technician_name = Some(format!(
        "{} {} {}",
        people.first_names.choose(rng).expect("names"),
        people.surnames.choose(rng).expect("surnames"),
        people.surnames.choose(rng).expect("surnames"),
    ));
}

/// The ranking of `zone` for `service`: every provider of the zone, in an order fixed by
/// the seed, zone and service.
pub fn ranking(
    catalog: &Catalog,
    seed: u64,
    zone: &str,
    service_external_id: &str,
) -> Vec<(i64, String, String)> {
    let Some(z) = catalog.zones.iter().find(|z| z.external_id == zone) else {
        return Vec::new();
    };
    if catalog
        .service_by_external_id(service_external_id)
        .is_none()
    {
        return Vec::new();
    }
    let mut h: u64 = seed ^ 0x9e37_79b9_7f4a_7c15;
    for b in zone.bytes().chain(service_external_id.bytes()) {
        h = h.wrapping_mul(0x100_0000_01b3).wrapping_add(b as u64);
    }
    let mut rng = StdRng::seed_from_u64(h);
    let mut providers = z.providers.clone();
    use rand::seq::SliceRandom;
    providers.shuffle(&mut rng);
    providers
        .into_iter()
        .enumerate()
        .map(|(i, p)| (i as i64 + 1, p.name, p.external_id))
        .collect()
}
