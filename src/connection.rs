//! Opening a session: load the config, then connect to the configured server or start the
//! embedded sandbox. Shared by the TUI and the headless CLI. (OWNER: issue 3.)

use crate::api::ApiClient;
use crate::cli::GlobalArgs;
use crate::config::Config;
use crate::sandbox::SandboxHandle;

/// A ready client, the config it came from, and the sandbox it runs on, if any (kept alive
/// as long as the connection).
pub struct Connection {
    pub config: Config,
    pub client: ApiClient,
    pub sandbox: Option<SandboxHandle>,
}

impl Connection {
    /// `--sandbox`, or no credentials when `implicit_sandbox` (the TUI), starts the
    /// embedded sandbox with its demo credentials (admin included); otherwise the
    /// configured server. Must run inside a tokio runtime.
    pub async fn open(global: &GlobalArgs, implicit_sandbox: bool) -> Result<Connection, String> {
        let _ = (global, implicit_sandbox);
        todo!()
    }

    /// "SANDBOX" or the API host, for the header.
    pub fn place(&self) -> String {
        match &self.sandbox {
            Some(_) => "SANDBOX".into(),
            None => self.client.base_url().to_owned(),
        }
    }
}
