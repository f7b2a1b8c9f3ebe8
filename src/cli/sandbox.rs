//! `mok-console sandbox`: its flags become a plain [`SandboxConfig`] for `sandbox::serve`.

use std::time::Duration;

use super::SandboxArgs;
use crate::sandbox::{SandboxConfig, WebhookAuth, WebhookTarget};

/// `mok-console sandbox …`: the flags checked and turned into the sandbox's config, then
/// served until Ctrl-C. A bad combination of webhook flags exits with 2.
pub fn serve_sandbox(args: SandboxArgs) -> std::process::ExitCode {
    // Checked: `from_secs_f64` panics past u64 seconds; such a pace means "never".
    let pace = (args.pace > 0.0)
        .then(|| Duration::try_from_secs_f64(args.pace).ok())
        .flatten();
    let webhook_auth = match (
        args.webhook_basic_user,
        args.webhook_basic_password,
        args.webhook_bearer_token,
        args.webhook_token_url,
        args.webhook_token_client_id,
        args.webhook_token_client_secret,
    ) {
        (Some(user), Some(password), None, None, _, _) => WebhookAuth::Basic {
            user,
            password: password.into(),
        },
        (None, _, Some(token), None, _, _) => WebhookAuth::Bearer(token.into()),
        (None, _, None, Some(token_url), Some(client_id), Some(secret)) => {
            WebhookAuth::FetchedToken {
                token_url,
                client_id,
                client_secret: secret.into(),
            }
        }
        (None, _, None, None, _, _) => WebhookAuth::None,
        _ => {
            eprintln!(
                "error: choose one webhook credential: --webhook-basic-user/--webhook-basic-password, --webhook-bearer-token, or --webhook-token-url with its client id and secret"
            );
            return std::process::ExitCode::from(2);
        }
    };
    let webhook = match (args.webhook_url, args.webhook_secret) {
        (Some(url), Some(secret)) => Some(WebhookTarget { url, secret }),
        (Some(_), None) => {
            eprintln!("error: --webhook-url needs --webhook-secret (or MOK_WEBHOOK_SECRET)");
            return std::process::ExitCode::from(2);
        }
        _ => None,
    };
    let config = SandboxConfig {
        port: args.port,
        pace,
        token_ttl: Duration::from_secs(args.token_ttl.max(1)),
        webhook,
        webhook_auth,
        requests: args.requests,
        ..SandboxConfig::default()
    };
    crate::sandbox::serve(config)
}
