//! Every page a test opens is watched for what its Content-Security-Policy
//! refuses: an app that needs an inline style or script the policy forbids
//! is broken for customers even where the test's words still appear.

use crate::Browser;

/// Notes each CSP violation of a page in `sessionStorage`, before the page's
/// own scripts run.
pub(crate) const WATCH_CSP: &str = "document.addEventListener('securitypolicyviolation', (e) => {
  try {
    const seen = sessionStorage.getItem('timbro-test-csp') || '';
    const line = e.effectiveDirective + ' refused ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber;
    sessionStorage.setItem('timbro-test-csp', seen + line + '\\n');
  } catch (_) {}
});";

impl Browser {
    /// What the server's Content-Security-Policy refused on the pages seen
    /// in this tab (kept in `sessionStorage`, which outlives a navigation).
    pub async fn csp_violations(&self) -> Vec<String> {
        let found = self
            .script("return sessionStorage.getItem('timbro-test-csp') || ''")
            .await;
        found
            .as_str()
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}
