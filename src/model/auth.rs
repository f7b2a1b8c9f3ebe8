//! OAuth client-credentials token exchange.
use serde::{Deserialize, Serialize};

/// Body of `POST /oauth/token`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenRequest {
    pub grant_type: String,
    pub client_id: String,
    pub client_secret: String,
    pub scope: String,
}

crate::api_object! {
    /// Answer of `POST /oauth/token`. `expires_in` may be absent: the token is then used
    /// until a call answers 401.
    #[derive(Clone, Default, Serialize, Deserialize)]
    pub struct Token {
        pub access_token: Option<String>,
        pub token_type: Option<String>,
        pub scope: Option<String>,
        pub created_at: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub expires_in: Option<i64>,
    }
}

// The token is a secret: never print it.
impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "[redacted]"),
            )
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

crate::api_object! {
    /// `GET /api/v1/provider_networks/me`, inner object.
    #[derive(Debug, Clone, Default, Serialize, Deserialize)]
    pub struct ProviderNetwork {
        pub name: Option<String>,
        pub active: Option<bool>,
        pub webhook_url: Option<String>,
        #[serde(default, deserialize_with = "crate::model::de::opt_vec")]
        pub services: Option<Vec<super::Service>>,
    }
}

/// `{provider_network: {...}}`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProviderNetworkEnvelope {
    #[serde(default)]
    pub provider_network: ProviderNetwork,
}
