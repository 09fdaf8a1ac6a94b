//! Where a push may go: a browser's push service on the public internet,
//! never the server's own network. A push endpoint is a URL that a customer
//! sends, so without these rules anyone could make the server connect to
//! the cloud's metadata address, the café's router or a local database
//! (server-side request forgery, OWASP API7).
//!
//! An endpoint must be `https` on port 443 with no user name, and its host
//! must be a public address or a name that resolves only to public ones,
//! checked when it is subscribed and again when a push is sent. At sending,
//! the HTTP client resolves names through [`PublicOnly`], so the address it
//! connects to is the one checked, and it follows no redirect. The tests'
//! switch (`TIMBRO_PUSH_HTTP_ENDPOINTS`) adds plain `http` to a loopback
//! address, and nothing else.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// How long a name may take to resolve when a customer subscribes.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(3);

/// Where a checked endpoint goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// A push service on the public internet, over HTTPS.
    Public,
    /// The tests' own push service, over plain HTTP on loopback.
    Loopback,
}

/// Why an endpoint is refused, as the API says it (the field is
/// `endpoint`).
pub type Refusal = &'static str;

/// The rules that need no lookup: the URL's form, scheme, port and, for an
/// address written in it, the address. `http_loopback` is the tests' switch.
pub fn check_url(endpoint: &str, http_loopback: bool) -> Result<(Url, Route), Refusal> {
    if endpoint.len() > timbro_core::push::MAX_ENDPOINT {
        return Err("is too long");
    }
    let url = Url::parse(endpoint).map_err(|_| "is not a URL")?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry a user name or password");
    }
    let host = url.host().ok_or("has no host")?;
    let literal = match host {
        url::Host::Domain(_) => None,
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
    };
    match url.scheme() {
        "https" => {
            if literal.is_some_and(|ip| !is_public(ip)) {
                return Err("must be a push service on the internet, not a private address");
            }
            if url.port_or_known_default() != Some(443) {
                return Err("must be on port 443, as push services are");
            }
            Ok((url, Route::Public))
        }
        "http" if http_loopback => match literal {
            Some(ip) if ip.is_loopback() => Ok((url, Route::Loopback)),
            _ => Err("plain http:// is only for a test push service on a loopback address"),
        },
        _ => Err("must be an https:// URL"),
    }
}

/// Every rule, with the name resolved (at subscription): all of its
/// addresses must be public, and there must be one.
pub async fn check(endpoint: &str, http_loopback: bool) -> Result<Url, Refusal> {
    let (url, route) = check_url(endpoint, http_loopback)?;
    if route == Route::Loopback {
        return Ok(url);
    }
    if let Some(url::Host::Domain(name)) = url.host() {
        let lookup = tokio::net::lookup_host((name, 443));
        let addrs: Vec<SocketAddr> = tokio::time::timeout(LOOKUP_TIMEOUT, lookup)
            .await
            .map_err(|_| "its host name did not resolve in time")?
            .map_err(|_| "its host name does not resolve")?
            .collect();
        if addrs.is_empty() {
            return Err("its host name does not resolve");
        }
        if addrs.iter().any(|a| !is_public(a.ip())) {
            return Err("must be a push service on the internet, not a private address");
        }
    }
    Ok(url)
}

/// The HTTP client's resolver for pushes: a name's public addresses only,
/// so that the address connected to is one that was checked (a name that
/// resolved to a public address at subscription and to a private one now
/// gets no connection).
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let addrs = tokio::net::lookup_host((name.as_str(), 443)).await?;
            let public: Vec<SocketAddr> = addrs.filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err("the push service's name resolves to no public address".into());
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

/// Whether `ip` is an address on the public internet: not loopback,
/// private, link-local, shared (carrier-grade NAT), multicast, unspecified,
/// broadcast, documentation, benchmarking or reserved, in IPv4 or IPv6
/// (IPv4-mapped and NAT64 addresses are judged by the IPv4 address in them).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0                                      // "this network", unspecified
        || a == 10                                // private
        || a == 127                               // loopback
        || (a == 100 && (64..128).contains(&b))   // shared, carrier-grade NAT
        || (a == 169 && b == 254)                 // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))    // private
        || (a == 192 && b == 168)                 // private
        || (a == 192 && b == 0 && c == 0)         // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)         // documentation
        || (a == 198 && (18..20).contains(&b))    // benchmarking
        || (a == 198 && b == 51 && c == 100)      // documentation
        || (a == 203 && b == 0 && c == 113)       // documentation
        || a >= 224) // multicast, reserved, broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let bits = u128::from(ip);
    let within = |prefix: u128, len: u32| bits >> (128 - len) == prefix >> (128 - len);
    // NAT64 (64:ff9b::/96): the IPv4 address it reaches.
    if within(0x0064_ff9b_u128 << 96, 96) {
        return is_public_v4(Ipv4Addr::from(bits as u32));
    }
    // Only global unicast (2000::/3) reaches the internet; within it, the
    // blocks set aside: IETF assignments with Teredo (2001::/23),
    // documentation (2001:db8::/32, 3fff::/20) and 6to4 (2002::/16), which
    // could name any IPv4 address.
    within(0x2000_u128 << 112, 3)
        && !within(0x2001_u128 << 112, 23)
        && !within(0x2001_0db8_u128 << 96, 32)
        && !within(0x2002_u128 << 112, 16)
        && !within(0x3fff_u128 << 112, 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(ip: &str) -> bool {
        is_public(ip.parse().unwrap())
    }

    #[test]
    fn only_addresses_on_the_internet_are_public() {
        for ip in [
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "198.18.0.1",
            "192.0.2.1",
            "::1",
            "::",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "2001:db8::1",
            "2002:a00:1::1",
            "2001:0:4136:e378::1",
            "::127.0.0.1",
        ] {
            assert!(!public(ip), "{ip} is not public");
        }
        for ip in [
            "142.250.180.10",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2607:f8b0:4004:c07::5f",
            "2a00:1450:4002:410::200a",
        ] {
            assert!(public(ip), "{ip} is public");
        }
    }

    #[test]
    fn an_endpoint_is_https_on_443_at_a_public_host() {
        let refused = |url: &str| check_url(url, false).unwrap_err();
        assert!(check_url("https://fcm.googleapis.com/fcm/send/abc", false).is_ok());
        assert!(check_url("https://web.push.apple.com:443/x", false).is_ok());
        assert!(refused("https://127.0.0.1:1/").contains("private"));
        assert!(refused("https://169.254.169.254/latest/meta-data/").contains("private"));
        assert!(refused("https://[::1]:443/").contains("private"));
        assert!(refused("https://[::ffff:10.0.0.1]/").contains("private"));
        assert!(refused("https://10.0.0.1/").contains("private"));
        assert!(refused("https://localhost:6379/").contains("443"));
        assert!(refused("https://push.example:8443/").contains("443"));
        assert!(refused("http://push.example/").contains("https"));
        assert!(refused("https://user:pw@push.example/").contains("user name"));
        assert!(refused("gopher://push.example/").contains("https"));
        assert!(refused("not a url").contains("URL"));
    }

    #[test]
    fn the_tests_switch_adds_plain_http_to_loopback_only() {
        assert_eq!(
            check_url("http://127.0.0.1:4000/p/1", true).unwrap().1,
            Route::Loopback
        );
        assert!(check_url("http://127.0.0.1:4000/p/1", false).is_err());
        assert!(check_url("http://10.0.0.1/p/1", true).is_err());
        assert!(check_url("http://localhost:4000/p/1", true).is_err());
        assert!(check_url("https://127.0.0.1/p/1", true).is_err());
    }

    #[tokio::test]
    async fn a_name_that_resolves_to_this_machine_is_refused() {
        let refused = check("https://localhost/push", false).await.unwrap_err();
        assert!(
            refused.contains("private") || refused.contains("resolve"),
            "{refused}"
        );
    }
}
