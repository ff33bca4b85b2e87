//! The JSON Schema of procedure files, printed from the same shapes the decoder checks.

use super::decode::{Kind, Shape};
use super::read::PROCEDURE;
use serde_json::{Map, Value, json};

/// The JSON Schema (draft 2020-12) of a procedure file.
pub fn procedure_schema() -> Value {
    let mut defs = Map::new();
    let root = shape(&PROCEDURE, &mut defs);
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://thutuc.example/schema/procedure.json",
        "title": "thutuc procedure",
    });
    let obj = schema.as_object_mut().expect("object");
    for (k, v) in root.as_object().expect("object") {
        obj.insert(k.clone(), v.clone());
    }
    obj.insert("$defs".into(), Value::Object(defs));
    schema
}

fn shape(s: &'static Shape, defs: &mut Map<String, Value>) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in s.fields {
        let mut v = kind(&f.kind, defs);
        if let Some(o) = v.as_object_mut() {
            o.insert("description".into(), Value::String(f.doc.into()));
        }
        props.insert(f.key.into(), v);
        if f.required {
            required.push(Value::String(f.key.into()));
        }
    }
    json!({
        "type": "object",
        "description": s.doc,
        "properties": props,
        "required": required,
        "additionalProperties": false,
    })
}

fn kind(k: &Kind, defs: &mut Map<String, Value>) -> Value {
    match k {
        Kind::Str => json!({"type": "string"}),
        Kind::Id => json!({"type": "string", "pattern": "^[a-z0-9_-]+$"}),
        Kind::FactId => json!({"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}),
        Kind::Code => json!({"type": "string", "pattern": "^[0-9]\\.[0-9]{6}(\\.[A-Za-z0-9]+)*$"}),
        Kind::Count => json!({"type": "integer", "minimum": 0}),
        Kind::Size => json!({
            "type": ["string", "integer"],
            "pattern": "^[0-9]+(\\.[0-9]+)? *([KMG]i?B|[KMGkmg]|B)?$",
            "examples": ["8 MiB", 4096],
        }),
        Kind::Bool => json!({"type": "boolean"}),
        Kind::Date => json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
        Kind::Time => json!({"type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$"}),
        Kind::Text => {
            if !defs.contains_key("Text") {
                let t = shape(&super::decode::TEXT, defs);
                defs.insert(
                    "Text".into(),
                    json!({"oneOf": [{"type": "string", "minLength": 1}, t]}),
                );
            }
            json!({"$ref": "#/$defs/Text"})
        }
        Kind::OneOf(words) => json!({"enum": words}),
        Kind::Rule(which) => {
            if *which == "fee" {
                return json!({
                    "type": ["string", "integer"],
                    "x-rule": which,
                    "examples": [
                        "20,000 VND",
                        "2,000 VND per pages",
                        "(2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3, at most 200,000 VND) per copies",
                        "0.5% of value, at least 100,000 VND, at most 5,000,000 VND",
                        "150,000 VND + 15,000 VND per tonnes, at most 700,000 VND",
                        "300,000 VND when vehicle == \"car\" else 100,000 VND",
                        "10 USD per copies",
                        "set by the province",
                        "not stated",
                    ],
                    "anyOf": [
                        {"type": "integer", "minimum": 0},
                        {"type": "string", "pattern": "^(not stated|chưa có thông tin|set by the province|do tỉnh quy định|.*[0-9].*)$"},
                    ],
                });
            }
            let ex = match *which {
                "money" => "20,000 VND",
                "deadline" => "7 working days",
                "discount" => "50% off le-phi when online until 2025-12-31",
                _ => "age < 14 and not fee_exempt",
            };
            if *which == "money" {
                json!({"type": ["string", "integer"], "examples": [ex], "x-rule": which})
            } else {
                json!({"type": "string", "examples": [ex], "x-rule": which})
            }
        }
        Kind::Obj(s) => {
            if !defs.contains_key(s.name) {
                // Insert a placeholder first so recursive shapes terminate.
                defs.insert(s.name.into(), Value::Null);
                let v = shape(s, defs);
                defs.insert(s.name.into(), v);
            }
            json!({"$ref": format!("#/$defs/{}", s.name)})
        }
        Kind::List(inner) => json!({"type": "array", "items": kind(inner, defs)}),
        Kind::Map(_) => {
            json!({"type": "object", "additionalProperties": {"type": ["string", "number"]}})
        }
        Kind::CountOr(words) => json!({"oneOf": [
            {"type": "integer", "minimum": 0},
            {"enum": words},
        ]}),
        Kind::ListOr(inner, words) => json!({"oneOf": [
            {"type": "array", "items": kind(inner, defs)},
            {"enum": words},
        ]}),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn schema_lists_every_procedure_key() {
        let s = super::procedure_schema();
        let props = s["properties"].as_object().unwrap();
        for f in super::PROCEDURE.fields {
            assert!(props.contains_key(f.key), "{}", f.key);
        }
        assert_eq!(s["additionalProperties"], false);
        assert!(s["$defs"]["Channel"]["properties"]["deadline"].is_object());
    }
}
