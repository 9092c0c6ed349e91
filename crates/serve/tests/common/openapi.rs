//! Checks real responses against `docs/openapi.json`: the operation must document the status
//! and the body must match its schema. The schema checker covers the keywords the document
//! uses ($ref, type with "null", properties, required, additionalProperties, items, enum,
//! minimum, maximum) and fails on any other, so the document cannot drift into keywords
//! the tests do not check.

use serde_json::Value;

pub struct OpenApi {
    doc: Value,
}

impl OpenApi {
    pub fn load() -> OpenApi {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
        let text = std::fs::read_to_string(path).expect("docs/openapi.json reads");
        OpenApi {
            doc: serde_json::from_str(&text).expect("docs/openapi.json is JSON"),
        }
    }

    /// Every (method, path template) the document describes.
    pub fn operations(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (path, item) in self.doc["paths"].as_object().expect("paths") {
            for method in item.as_object().expect("path item").keys() {
                out.push((method.clone(), path.clone()));
            }
        }
        out
    }

    /// Panics unless `body` is a documented response of `method template` with `status`.
    pub fn check(&self, method: &str, template: &str, status: u16, body: &Value) {
        let op = &self.doc["paths"][template][method];
        assert!(
            op.is_object(),
            "{method} {template} is not in docs/openapi.json"
        );
        let response = &op["responses"][status.to_string()];
        assert!(
            response.is_object(),
            "{method} {template} answered {status}, which docs/openapi.json does not document"
        );
        let schema = &response["content"]["application/json"]["schema"];
        let mut problems = Vec::new();
        self.validate(schema, body, "$", &mut problems);
        assert!(
            problems.is_empty(),
            "{method} {template} {status} does not match docs/openapi.json:\n{}\nbody: {}",
            problems.join("\n"),
            body
        );
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference
                    .strip_prefix("#/components/schemas/")
                    .unwrap_or_else(|| panic!("unsupported $ref {reference}"));
                let target = &self.doc["components"]["schemas"][name];
                assert!(target.is_object(), "dangling $ref {reference}");
                self.resolve(target)
            }
            None => schema,
        }
    }

    fn validate(&self, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
        let schema = self.resolve(schema);
        let map = schema.as_object().expect("a schema is an object");
        for key in map.keys() {
            assert!(
                matches!(
                    key.as_str(),
                    "type"
                        | "properties"
                        | "required"
                        | "additionalProperties"
                        | "items"
                        | "enum"
                        | "minimum"
                        | "maximum"
                        | "description"
                ),
                "docs/openapi.json uses the keyword {key:?}, which the test does not check"
            );
        }
        if let Some(types) = map.get("type") {
            let allowed: Vec<&str> = match types {
                Value::String(t) => vec![t.as_str()],
                Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
                _ => panic!("bad type in schema"),
            };
            if !allowed.iter().any(|t| type_matches(t, value)) {
                problems.push(format!("{at}: expected {allowed:?}, got {value}"));
                return;
            }
        }
        if let Some(Value::Array(options)) = map.get("enum") {
            if !options.contains(value) {
                problems.push(format!("{at}: {value} is not one of {options:?}"));
            }
        }
        if let (Some(min), Some(x)) = (map.get("minimum").and_then(Value::as_f64), value.as_f64()) {
            if x < min {
                problems.push(format!("{at}: {x} is below {min}"));
            }
        }
        if let (Some(max), Some(x)) = (map.get("maximum").and_then(Value::as_f64), value.as_f64()) {
            if x > max {
                problems.push(format!("{at}: {x} is above {max}"));
            }
        }
        if let Value::Object(object) = value {
            let properties = map.get("properties").and_then(Value::as_object);
            if let Some(Value::Array(required)) = map.get("required") {
                for name in required.iter().filter_map(Value::as_str) {
                    if !object.contains_key(name) {
                        problems.push(format!("{at}: missing required {name:?}"));
                    }
                }
            }
            for (name, field) in object {
                match properties.and_then(|p| p.get(name)) {
                    Some(sub) => self.validate(sub, field, &format!("{at}.{name}"), problems),
                    None => match map.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            problems.push(format!("{at}: undocumented field {name:?}"))
                        }
                        Some(Value::Bool(true)) | None => {}
                        Some(sub) => self.validate(sub, field, &format!("{at}.{name}"), problems),
                    },
                }
            }
        }
        if let (Value::Array(items), Some(item_schema)) = (value, map.get("items")) {
            for (i, item) in items.iter().enumerate() {
                self.validate(item_schema, item, &format!("{at}[{i}]"), problems);
            }
        }
    }
}

fn type_matches(t: &str, value: &Value) -> bool {
    match t {
        "null" => value.is_null(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        other => panic!("unknown type {other:?} in docs/openapi.json"),
    }
}
