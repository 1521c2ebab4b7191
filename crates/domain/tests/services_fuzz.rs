//! Property tests of the data·inclusion reader: no panic whatever the file,
//! and what it accepts it writes back unchanged.

use maillage_domain::services::Catalogue;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Arbitrary JSON values, a few levels deep.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        "[a-z0-9 éè\\-@./:]{0,30}".prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::hash_map("[a-z_]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Records with data·inclusion's field names and arbitrary values.
fn record(fields: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(fields), value()), 0..12).prop_map(|pairs| {
        Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_is_read_without_panic(text in any::<String>()) {
        let _ = Catalogue::parse(&text, chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
    }

    #[test]
    fn any_records_are_read_without_panic(
        structures in prop::collection::vec(record(&maillage_domain::services::STRUCTURE_FIELDS), 0..4),
        services in prop::collection::vec(record(&maillage_domain::services::SERVICE_FIELDS), 0..4),
        extra in value(),
    ) {
        let text = json!({ "structures": structures, "services": services }).to_string();
        if let Ok(catalogue) = Catalogue::parse(&text, chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()) {
            let exported = catalogue.to_json().to_string();
            prop_assert_eq!(Catalogue::parse(&exported, chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()).ok(), Some(catalogue));
        }
        let _ = Catalogue::parse(&json!({ "structures": extra.clone(), "services": extra }).to_string(), chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
    }
}
