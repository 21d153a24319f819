// Sign in helpers that work for any OpenTok web app: through its form (found by accessible
// labels), or by planting API tokens in localStorage under the app's key.
import { loginAccount } from "./api.js";

/** Fill and submit a sign-in form. The labels and button text are overridable per app. */
export async function loginViaForm(
  page,
  { path = "/login", username, password, usernameLabel = /username/i, passwordLabel = /password/i, submit = /sign in|log in/i },
) {
  await page.goto(path);
  await page.getByLabel(usernameLabel).fill(username);
  await page.getByLabel(passwordLabel).fill(password);
  await page.getByRole("button", { name: submit }).click();
}

/** Skip the form: log in over the API and store the token pair where the app reads it. */
export async function loginWithTokens(page, { username, password, storageKey = "opentok.tokens", path = "/" }) {
  const tokens = await loginAccount(username, password);
  await page.goto(path);
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [storageKey, JSON.stringify(tokens)]);
  await page.reload();
  return tokens;
}

/** The token pair a page is using (for API assertions made as that user). */
export async function tokensOf(page, storageKey = "opentok.tokens") {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) || "null"), storageKey);
}
