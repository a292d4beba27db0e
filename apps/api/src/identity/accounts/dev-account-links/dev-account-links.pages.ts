/**
 * The pages that links in development mail open, standing in for the client application that
 * PUBLIC_APP_URL names in production. Each reads the token from the URL fragment (never sent to a
 * server), shows the curl command that completes the step, and can send it from the browser.
 */
export const DEV_ACCOUNT_LINK_PAGES = {
  'verify-email': { title: 'Confirm your e-mail address', field: undefined },
  'reset-password': {
    title: 'Choose a new password',
    field: { name: 'newPassword', label: 'New password', type: 'password' },
  },
  'forgot-password': {
    title: 'Reset a forgotten password',
    field: { name: 'email', label: 'E-mail address', type: 'email' },
  },
} as const;

export type DevAccountLinkPage = keyof typeof DEV_ACCOUNT_LINK_PAGES;

export const DEV_ACCOUNT_LINKS_SCRIPT = 'account-links.js';

// Static markup: nothing from the request is written into it, so there is nothing to escape.
export function devAccountLinkHtml(basePath: string, page: DevAccountLinkPage): string {
  const { title, field } = DEV_ACCOUNT_LINK_PAGES[page];
  const input =
    field === undefined
      ? ''
      : `<label>${field.label} <input name="${field.name}" type="${field.type}" required></label> `;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title} · Bulwark (development)</title>
<script src="${basePath}/${DEV_ACCOUNT_LINKS_SCRIPT}" defer></script>
</head>
<body>
<main data-page="${page}">
<h1>${title}</h1>
<p>This development page of the API stands in for your client application; set PUBLIC_APP_URL for a real one. The step it completes, with curl:</p>
<pre id="curl"></pre>
<form id="send">${input}<button>Send from this page</button></form>
<p id="result" role="status"></p>
</main>
</body>
</html>
`;
}

// Served as a file of this origin: the page's CSP allows no inline script.
export const DEV_ACCOUNT_LINKS_JS = `'use strict';
const page = document.querySelector('main').dataset.page;
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
const steps = {
  'verify-email': { path: '/auth/verify-email', body: () => ({ token }), shown: { token } },
  'reset-password': {
    path: '/auth/password/reset',
    body: (form) => ({ token, newPassword: form.newPassword.value }),
    shown: { token, newPassword: '<new password>' },
  },
  'forgot-password': {
    path: '/auth/password/forgot',
    body: (form) => ({ email: form.email.value }),
    shown: { email: '<your address>' },
  },
};
const step = steps[page];
document.getElementById('curl').textContent =
  "curl -X POST " + location.origin + step.path + " -H 'content-type: application/json' -d '" +
  JSON.stringify(step.shown) + "'";
document.getElementById('send').addEventListener('submit', async (event) => {
  event.preventDefault();
  const result = document.getElementById('result');
  const response = await fetch(step.path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(step.body(event.target)),
  });
  const problem = response.ok ? undefined : await response.json().catch(() => undefined);
  result.textContent = response.status + ' ' +
    (problem === undefined ? (response.ok ? 'done' : response.statusText) : problem.title + (problem.detail ? ': ' + problem.detail : ''));
});
`;
