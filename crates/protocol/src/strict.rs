//! Request bodies take objects as objects only. serde's derive also accepts a struct's fields
//! as an array (`"citizen": [null, null]`), which the OpenAPI document does not allow and the
//! center must refuse. Each request struct derives with `#[serde(remote = "Self")]` and gets
//! its trait impls from [`object_only!`]: deserialising asks for a map and nothing else.

/// Implements `Serialize` and an object-only `Deserialize` for structs that derive with
/// `#[serde(remote = "Self")]`.
macro_rules! object_only {
    ($($ty:ident),+ $(,)?) => { $(
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a JSON object (", stringify!($ty), ")"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$ty, A::Error> {
                        $ty::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                d.deserialize_map(ObjectVisitor)
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $ty::serialize(self, s)
            }
        }
    )+ };
}

pub(crate) use object_only;
