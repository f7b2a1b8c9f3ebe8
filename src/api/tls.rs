//! TLS trust for the client: the platform's verifier (`rustls-platform-verifier`, what
//! reqwest itself uses: the system's trust store, so a company's own CA works), built at
//! the first TLS handshake instead of when the client is built.
//!
//! Why lazily: building it reads and parses every CA certificate of the system (~150 on
//! Debian), which was most of a headless command's start-up (issue 13) — paid even for
//! `http://` servers (the sandbox, a local relay) that never verify a certificate, and
//! failing outright on a machine without a CA bundle. Now `http://` costs nothing and an
//! `https://` server pays once, at its first connection.

use std::sync::{Arc, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// The client's TLS settings: TLS 1.2 and 1.3 with the ring provider, the lazily built
/// platform verifier, HTTP/2 or HTTP/1.1 by ALPN (as reqwest would set them itself).
pub fn client_config() -> Result<rustls::ClientConfig, rustls::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(LazyPlatformVerifier::new(provider)))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// `rustls_platform_verifier::Verifier`, made at its first use.
#[derive(Debug)]
pub struct LazyPlatformVerifier {
    provider: Arc<CryptoProvider>,
    inner: OnceLock<Result<rustls_platform_verifier::Verifier, rustls::Error>>,
}

impl LazyPlatformVerifier {
    pub fn new(provider: Arc<CryptoProvider>) -> Self {
        LazyPlatformVerifier {
            provider,
            inner: OnceLock::new(),
        }
    }

    /// Whether the system's roots have been read yet.
    pub fn is_loaded(&self) -> bool {
        self.inner.get().is_some()
    }

    fn verifier(&self) -> Result<&rustls_platform_verifier::Verifier, rustls::Error> {
        self.inner
            .get_or_init(|| {
                tracing::debug!("loading the platform's TLS trust roots");
                rustls_platform_verifier::Verifier::new(self.provider.clone())
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl ServerCertVerifier for LazyPlatformVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.verifier()?.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.verifier()?.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.verifier()?.verify_tls13_signature(message, cert, dss)
    }

    /// Asked before any certificate is seen: answered from the provider, as the platform
    /// verifier would, without reading the roots.
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_roots_are_read_at_the_first_certificate_not_before() {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let v = LazyPlatformVerifier::new(provider);
        assert!(!v.supported_verify_schemes().is_empty());
        assert!(!v.is_loaded(), "asking for schemes read no roots");
        // A certificate that is no certificate: refused (whether or not this machine has a
        // CA bundle), and the roots were read to judge it.
        let junk = CertificateDer::from(vec![0u8; 8]);
        let name = ServerName::try_from("partner.example").unwrap();
        assert!(
            v.verify_server_cert(&junk, &[], &name, &[], UnixTime::now())
                .is_err()
        );
        assert!(v.is_loaded());
    }

    #[test]
    fn the_config_offers_http2_and_http1() {
        let c = client_config().unwrap();
        assert_eq!(c.alpn_protocols, [b"h2".to_vec(), b"http/1.1".to_vec()]);
    }
}
