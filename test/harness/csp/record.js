// The first script of a CSP test page (a classic script, so it runs before anything else):
// records every securitypolicyviolation event of the document, shadow roots included (the
// event is composed), as plain objects in window.cspViolations.
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
    sample: event.sample,
  });
});
