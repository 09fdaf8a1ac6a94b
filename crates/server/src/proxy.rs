//! Behind a reverse proxy: who the client is, and whether it came over
//! HTTPS. `X-Forwarded-For` and `X-Forwarded-Proto` are believed only when
//! the connection comes from a configured proxy address
//! (`TIMBRO_TRUSTED_PROXIES`); anyone else could write them.

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The addresses whose forwarding headers are believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxies(Vec<IpNet>);

impl Proxies {
    /// Reads a list of addresses and networks: `127.0.0.1`, `10.0.0.0/8`,
    /// `::1`; an error names the entry that is neither.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, String> {
        entries
            .iter()
            .map(|entry| {
                let entry = entry.as_ref().trim();
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{entry:?} is not an IP address or network"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    /// The loopback addresses: a proxy on the same machine.
    pub fn loopback() -> Self {
        Self::parse(&["127.0.0.0/8", "::1"]).expect("loopback parses")
    }

    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `ip` is one of the proxies.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request that came from `peer`: the peer itself,
    /// unless it is a proxy; then the nearest address in `X-Forwarded-For`
    /// that is not a proxy (addresses further left were written by whoever
    /// sent the request, and prove nothing).
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|hop| hop.trim().parse().ok())
            .collect();
        hops.iter()
            .rev()
            .copied()
            .find(|hop| !self.trusts(*hop))
            .or(hops.first().copied())
            .unwrap_or(peer)
    }

    /// Whether a proxy says that the client's connection was HTTPS.
    pub fn forwarded_https(&self, peer: IpAddr, headers: &HeaderMap) -> bool {
        self.trusts(peer)
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
    }
}

/// A client as the per-address limits count it: an IPv4 address, or the
/// /64 network of an IPv6 one. A customer's line or phone gets a whole /64
/// and may use any address in it: counted one by one, it would have 2^64
/// limits of its own (and make millions of cards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientNet(IpAddr);

impl ClientNet {
    /// The network `ip` is counted in.
    pub fn of(ip: IpAddr) -> Self {
        match canonical(ip) {
            IpAddr::V6(v6) if !v6.is_loopback() => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                Self(IpAddr::V6(bits.into()))
            }
            v4 => Self(v4),
        }
    }

    /// Whether this is the machine itself.
    pub fn is_loopback(self) -> bool {
        self.0.is_loopback()
    }
}

impl std::fmt::Display for ClientNet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
            v4 => write!(f, "{v4}"),
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:127.0.0.1`) is the IPv4 one.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_a_proxy_is_believed_and_only_for_the_hops_it_added() {
        let proxies = Proxies::parse(&["10.0.0.0/8", "127.0.0.1"]).unwrap();
        let forwarded = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.1.2.3")]);
        // From a proxy: the nearest hop that is not a proxy.
        assert_eq!(
            proxies.client_ip(ip("10.0.0.1"), &forwarded),
            ip("198.51.100.7")
        );
        // From anyone else: the header is a claim, not a fact.
        assert_eq!(
            proxies.client_ip(ip("203.0.113.5"), &forwarded),
            ip("203.0.113.5")
        );
        // All hops are proxies: the first.
        let inner = headers(&[("x-forwarded-for", "10.9.9.9")]);
        assert_eq!(proxies.client_ip(ip("127.0.0.1"), &inner), ip("10.9.9.9"));
        // No header, or garbage in it: the peer.
        assert_eq!(
            proxies.client_ip(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
        let garbage = headers(&[("x-forwarded-for", "not an address")]);
        assert_eq!(
            proxies.client_ip(ip("127.0.0.1"), &garbage),
            ip("127.0.0.1")
        );
        // Mapped IPv4 is IPv4.
        assert!(proxies.trusts(ip("::ffff:127.0.0.1")));
        assert_eq!(
            Proxies::default().client_ip(ip("10.0.0.1"), &forwarded),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn https_is_what_a_proxy_says() {
        let proxies = Proxies::loopback();
        let https = headers(&[("x-forwarded-proto", "https")]);
        assert!(proxies.forwarded_https(ip("127.0.0.1"), &https));
        assert!(!proxies.forwarded_https(ip("192.0.2.1"), &https));
        assert!(
            !proxies.forwarded_https(ip("127.0.0.1"), &headers(&[("x-forwarded-proto", "http")]))
        );
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_and_ipv4_by_its_address() {
        let one = ClientNet::of(ip("2001:db8:1:2:aaaa::1"));
        assert_eq!(one, ClientNet::of(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        assert_ne!(one, ClientNet::of(ip("2001:db8:1:3::1")));
        assert_eq!(one.to_string(), "2001:db8:1:2::/64");
        assert_eq!(
            ClientNet::of(ip("::ffff:192.0.2.7")),
            ClientNet::of(ip("192.0.2.7"))
        );
        assert_ne!(
            ClientNet::of(ip("192.0.2.7")),
            ClientNet::of(ip("192.0.2.8"))
        );
        assert!(ClientNet::of(ip("::1")).is_loopback());
    }

    #[test]
    fn a_wrong_entry_is_named() {
        let err = Proxies::parse(&["10.0.0.0/8", "proxy.local"]).unwrap_err();
        assert!(err.contains("proxy.local"), "{err}");
    }
}
