//! Which `Host` headers `serve` answers: the defence against DNS rebinding.
//!
//! A web page at `http://evil.example.com:1111/` can make its own name resolve to 127.0.0.1
//! after it has loaded; its scripts then reach the preview server as the same origin and can
//! read every page, drafts included. The browser still sends `Host: evil.example.com:1111`,
//! so answering only the names the preview is really reached by stops it (Vite and
//! webpack-dev-server guard the same way).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

/// A host name allowed with `--allowed-host`: `NAME`, or `NAME:PORT` for a proxy that
/// forwards another port's Host header unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHost {
    /// Lower-cased name; an IPv6 address keeps its brackets.
    name: String,
    /// The one other port this name is answered with, besides none and the listening port.
    port: Option<u16>,
}

impl FromStr for AllowedHost {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        split_host(value)
            .map(|(name, port)| AllowedHost { name, port })
            .ok_or_else(|| {
                format!("`{value}` is not a host name; expected a name like preview.test or preview.test:8443, without scheme or path")
            })
    }
}

impl fmt::Display for AllowedHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// The names a server answers to, fixed when it starts listening.
#[derive(Debug, Clone)]
pub struct HostPolicy {
    /// Accepted with no port or the listening port (and its own port, if it has one).
    names: Vec<AllowedHost>,
    /// The port the server listens on.
    port: u16,
    /// Any IP-literal Host is accepted (the server listens on every address).
    any_ip: bool,
}

impl HostPolicy {
    /// The policy for a server listening on `addr`: loopback names, the address itself, and
    /// `allowed`. Listening on every address (`0.0.0.0`, `::`) also allows `hostname` (the
    /// machine's name) and any IP literal.
    pub fn new(addr: SocketAddr, allowed: &[AllowedHost], hostname: Option<&str>) -> HostPolicy {
        let bind = match addr.ip() {
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        let any_ip = addr.ip().is_unspecified();
        let machine = hostname.filter(|_| any_ip);
        let names = ["localhost", "127.0.0.1", "[::1]", bind.as_str()]
            .into_iter()
            .chain(machine)
            .filter_map(|name| name.parse().ok())
            .chain(allowed.iter().cloned())
            .collect();
        HostPolicy {
            names,
            port: addr.port(),
            any_ip,
        }
    }
}

/// Whether a request with this `Host` header (`None`: no header, or more than one) is
/// answered. Names compare without regard to case; the port may be left out.
pub fn host_allowed(host: Option<&str>, policy: &HostPolicy) -> bool {
    let Some((name, port)) = host.and_then(split_host) else {
        return false;
    };
    let port_ok = |own: Option<u16>| port.is_none() || port == Some(policy.port) || port == own;
    // An IP literal cannot be rebound: a page whose address is an IP was loaded from that
    // address, so when every address of the machine is served, any IP names this server.
    if policy.any_ip && is_ip_literal(&name) && port_ok(None) {
        return true;
    }
    policy
        .names
        .iter()
        .any(|allowed| allowed.name == name && port_ok(allowed.port))
}

/// `name[:port]` → (lower-cased name, port); IPv6 literals keep their brackets. `None` for
/// anything that is not a plain host (empty, a path, a scheme, user info, a bad port).
fn split_host(host: &str) -> Option<(String, Option<u16>)> {
    let host = host.trim();
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        match rest {
            "" => (name, None),
            _ => (name, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    // Colons only inside brackets: `split_once` above took the first one as the port's.
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':');
    let inner = name.trim_start_matches('[').trim_end_matches(']');
    if inner.is_empty() || !inner.chars().all(plain) {
        return None;
    }
    let port = match port {
        Some(digits) if digits.chars().all(|c| c.is_ascii_digit()) => Some(digits.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    Some((name.to_ascii_lowercase(), port))
}

fn is_ip_literal(name: &str) -> bool {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().is_ok(),
        None => name.parse::<Ipv4Addr>().is_ok(),
    }
}

/// The machine's host name, lower-cased, from the first of the Linux files that holds it.
/// (std has no `gethostname`; elsewhere `--allowed-host` names the machine.)
pub fn machine_hostname() -> Option<String> {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .map(|text| text.trim().to_ascii_lowercase())
        .find(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(bind: &str, allowed: &[&str]) -> HostPolicy {
        let allowed: Vec<AllowedHost> = allowed.iter().map(|a| a.parse().unwrap()).collect();
        HostPolicy::new(bind.parse().unwrap(), &allowed, Some("devbox"))
    }

    fn allowed(host: &str, policy: &HostPolicy) -> bool {
        host_allowed(Some(host), policy)
    }

    #[test]
    fn loopback_names_with_or_without_the_port() {
        let p = policy("127.0.0.1:1111", &[]);
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "LocalHost",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(allowed(host, &p), "{host}");
        }
    }

    #[test]
    fn other_names_ports_and_a_missing_header_are_refused() {
        let p = policy("127.0.0.1:1111", &[]);
        for host in [
            "localhost:2222",
            "127.0.0.1:80",
            "evil.example.com",
            "evil.example.com:1111",
            "evil.localhost.example",
            "localhost.evil.example",
            "localhost.",
            "devbox",
            "192.168.1.5:1111",
            "",
            "localhost:",
            "localhost:1111:1111",
            "localhost:99999",
            "user@localhost",
            "localhost/x",
            "::1",
            "[::1",
        ] {
            assert!(!allowed(host, &p), "{host}");
        }
        assert!(!host_allowed(None, &p), "HTTP/1.0 without a Host header");
    }

    #[test]
    fn the_bind_address_itself_is_allowed() {
        let p = policy("192.168.1.5:1111", &[]);
        assert!(allowed("192.168.1.5:1111", &p));
        assert!(
            !allowed("192.168.1.6:1111", &p),
            "not every IP: one address is served"
        );
        let p = policy("[FE80::1]:1111", &[]);
        assert!(allowed("[fe80::1]:1111", &p));
        assert!(allowed("[FE80::1]", &p));
    }

    #[test]
    fn allowed_host_names_any_case_with_or_without_the_port() {
        let p = policy("127.0.0.1:1111", &["Preview.Test", "proxy.test:8443"]);
        for host in [
            "preview.test",
            "PREVIEW.TEST:1111",
            "proxy.test",
            "proxy.test:8443",
            "proxy.test:1111",
        ] {
            assert!(allowed(host, &p), "{host}");
        }
        assert!(!allowed("preview.test:8443", &p));
        assert!(!allowed("sub.preview.test", &p));
    }

    #[test]
    fn an_unspecified_bind_adds_ip_literals_and_the_machine_name() {
        for bind in ["0.0.0.0:1111", "[::]:1111"] {
            let p = policy(bind, &[]);
            for host in [
                "192.168.1.5:1111",
                "10.0.0.7",
                "[fe80::1]:1111",
                "devbox:1111",
                "DEVBOX",
                "localhost",
            ] {
                assert!(allowed(host, &p), "{bind} {host}");
            }
            for host in [
                "evil.example.com",
                "192.168.1.5:2222",
                "1.2.3.4.evil.example",
            ] {
                assert!(!allowed(host, &p), "{bind} {host}");
            }
        }
        let p = policy("127.0.0.1:1111", &[]);
        assert!(
            !allowed("devbox", &p),
            "the machine name only when every address is served"
        );
    }

    #[test]
    fn allowed_host_values_are_checked() {
        for bad in [
            "",
            "http://preview.test",
            "preview.test/",
            "a b",
            "x:port",
            "::1",
        ] {
            assert!(bad.parse::<AllowedHost>().is_err(), "{bad}");
        }
        let ok: AllowedHost = "Preview.Test:8443".parse().unwrap();
        assert_eq!(ok.to_string(), "preview.test:8443");
    }
}
