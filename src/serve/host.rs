//! Which `Host` the preview answers. A web page the author visits could
//! point a name of its own at 127.0.0.1 (DNS rebinding) and then read the
//! preview as its own: on a loopback address, only loopback names and
//! addresses are answered.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use axum::http::uri::Authority;

/// Whether a server bound to `bind` answers a request with the `Host`
/// header `host` and, when its target is a full URL, the authority
/// `target`. Browsers always send `Host`.
pub(super) fn answers(bind: IpAddr, host: Option<&str>, target: Option<&str>) -> bool {
    // A preview the author exposed with `--bind` is reached by any name.
    !bind.is_loopback() || (host.is_some_and(allowed) && target.is_none_or(allowed))
}

/// Whether `host` (with or without a port) names this machine's loopback.
fn allowed(host: &str) -> bool {
    if host.contains('@') {
        return false;
    }
    let Ok(authority) = host.parse::<Authority>() else {
        return false;
    };
    let name = authority.host();
    if let Some(v6) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback());
    }
    if let Ok(v4) = name.parse::<Ipv4Addr>() {
        return v4.is_loopback();
    }
    // Browsers resolve `localhost` and its subdomains to this machine.
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loopback_preview_answers_only_loopback_names() {
        let loopback: IpAddr = "127.0.0.1".parse().unwrap();
        let answers = |host| answers(loopback, Some(host), None);
        for host in [
            "localhost",
            "localhost:4000",
            "LocalHost.:4000",
            "docs.localhost:4000",
            "127.0.0.1:4000",
            "127.1.2.3",
            "[::1]:4000",
        ] {
            assert!(answers(host), "{host}");
        }
        for host in [
            "example.org",
            "attacker.example:4000",
            "localhost.example.org",
            "notlocalhost:4000",
            "192.168.1.10:4000",
            "0.0.0.0:4000",
            "[::ffff:7f00:1]:4000",
            "evil.example@localhost:4000",
            "2130706433",
            "",
        ] {
            assert!(!answers(host), "{host}");
        }
        let v6: IpAddr = "::1".parse().unwrap();
        assert!(answers_all(v6, "[::1]:4000") && !answers_all(v6, "attacker.example"));
        assert!(
            !super::answers(loopback, None, None),
            "a request without Host"
        );
        assert!(!super::answers(
            loopback,
            Some("localhost"),
            Some("attacker.example")
        ));
    }

    fn answers_all(bind: IpAddr, host: &str) -> bool {
        answers(bind, Some(host), Some(host))
    }

    #[test]
    fn an_exposed_preview_answers_any_name() {
        for bind in ["0.0.0.0", "::", "192.168.1.10"] {
            assert!(answers_all(bind.parse().unwrap(), "attacker.example:4000"));
            assert!(answers(bind.parse().unwrap(), None, None));
        }
    }
}
