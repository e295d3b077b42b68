/**
 * Mailed links in Debian's headless Chromium, at desktop and phone sizes: each test reads the captured mail
 * (`/dev/mail.json`), opens the link exactly as mailed (APP_URL is the Worker's own port) and completes it —
 * email verification, password reset, and an invitation for someone who must sign in or sign up first.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudClient } from "../../scripts/cloud-client.ts";
import { type CloudFixture, startCloudFixture } from "../stack.ts";
import { launchChromium, screenshot } from "./chromium.ts";

const PASSWORD = "correct horse battery";
const UI_WAIT = 30_000;
const TEST_TIMEOUT = 120_000;
const SIZES = [
  { name: "desktop", viewport: { width: 1366, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

let browser: Browser;
let cloud: CloudFixture;
let owner: CloudClient;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [browser, cloud] = await Promise.all([launchChromium(), startCloudFixture()]);
  owner = new CloudClient(cloud.url);
  await owner.signUp(`owner-${crypto.randomUUID()}@example.test`, PASSWORD);
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await cloud?.destroy();
});

const newAddress = (what: string) => `${what}-${crypto.randomUUID()}@example.test`;

/** The link in the newest captured mail of `template` to `to`, waited for. */
async function mailedLink(to: string, template: string): Promise<string> {
  const end = Date.now() + UI_WAIT;
  for (;;) {
    const res = await fetch(`${cloud.url}/dev/mail.json?to=${encodeURIComponent(to)}`);
    const { mail } = (await res.json()) as { mail: { template: string; body: string; createdAt: string }[] };
    const newest = mail
      .filter((m) => m.template === template)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    const link = newest && /https?:\/\/\S+#token=\S+/.exec(newest.body)?.[0];
    if (link) return link;
    if (Date.now() > end) throw new Error(`no ${template} mail to ${to}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens a mailed link as a mail client would: the address itself, which must be this very Worker. */
async function follow(page: Page, link: string): Promise<void> {
  expect(new URL(link).origin).toBe(cloud.url);
  await page.goto(link);
}

/** Nothing on the page is wider than the screen (the phone size matters). */
async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: UI_WAIT });
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe.each(SIZES)("mailed links at $name size", ({ name, viewport }) => {
  let site: { id: string; name: string };

  beforeAll(async () => {
    site = await owner.ensureSite(`Links Shop ${name}`);
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    return context.newPage();
  }

  it(
    "verifies an email address from the mailed link, once; the token leaves the address bar",
    async () => {
      const email = newAddress("verify");
      await new CloudClient(cloud.url).signUp(email, PASSWORD);
      const link = await mailedLink(email, "email-verification");
      const page = await newPage();
      await follow(page, link);
      await page.getByRole("heading", { name: "Confirm your email" }).waitFor({ timeout: UI_WAIT });
      expect(page.url()).toBe(`${cloud.url}/verify-email`);
      await fitsTheScreen(page);
      await screenshot(page, `mailed-verify-${name}`);
      await page.getByRole("button", { name: "Confirm my email" }).click();
      await page.getByText("Your email is confirmed").waitFor({ timeout: UI_WAIT });

      // The same link again, as a second click in the mail opens it: refused in words, not a validation dump.
      const again = await newPage();
      await follow(again, link);
      await again.getByRole("button", { name: "Confirm my email" }).click();
      const alert = again.getByRole("alert");
      await alert.waitFor({ timeout: UI_WAIT });
      expect(await alert.textContent()).toMatch(/invalid, used or expired/);
      expect(await alert.textContent()).not.toMatch(/token:|expected string/);
    },
    TEST_TIMEOUT,
  );

  it(
    "resets a password from the mailed link, then signs in with the new one",
    async () => {
      const email = newAddress("reset");
      await new CloudClient(cloud.url).signUp(email, PASSWORD);
      const page = await newPage();
      await page.goto(`${cloud.url}/forgot-password`);
      await page.getByLabel("Email").fill(email);
      await page.getByRole("button", { name: "Email me a link" }).click();
      await page.getByText("an email with a reset link is on its way").waitFor({ timeout: UI_WAIT });

      await follow(page, await mailedLink(email, "password-reset"));
      await page.getByRole("heading", { name: "Choose a new password" }).waitFor({ timeout: UI_WAIT });
      await fitsTheScreen(page);
      await screenshot(page, `mailed-reset-${name}`);
      await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
      await page.getByRole("button", { name: "Set password" }).click();
      await page.getByText("Your password is changed").waitFor({ timeout: UI_WAIT });
      await page.getByRole("link", { name: "Sign in" }).click();
      await signIn(page, email, "a brand new passphrase");
      await page.getByRole("heading", { name: "Your sites" }).waitFor({ timeout: UI_WAIT });

      // The page opened without a link says what happened, in words.
      await page.goto(`${cloud.url}/reset-password`);
      const alert = page.getByRole("alert");
      await alert.waitFor({ timeout: UI_WAIT });
      expect(await alert.textContent()).toContain("no link came with it");
      await page.getByRole("link", { name: "Ask for a new reset link" }).waitFor();
    },
    TEST_TIMEOUT,
  );

  it(
    "takes an invited person with an account through sign-in and into the site",
    async () => {
      const email = newAddress("member");
      const member = new CloudClient(cloud.url);
      await member.signUp(email, PASSWORD);
      await member.verifyEmail(email, PASSWORD);
      await owner.invite(site.id, email, "MAINTAINER");
      const page = await newPage();
      await follow(page, await mailedLink(email, "site-invite"));
      // Signed out: the app asks for sign-in first and keeps the invitation meanwhile.
      await page.getByText("You have an invitation to a site").waitFor({ timeout: UI_WAIT });
      await fitsTheScreen(page);
      await screenshot(page, `mailed-invite-sign-in-${name}`);
      await signIn(page, email, PASSWORD);
      await page.getByRole("heading", { name: "Join a site" }).waitFor({ timeout: UI_WAIT });
      await page.getByRole("button", { name: "Accept invitation" }).click();
      await page.getByRole("heading", { name: site.name }).waitFor({ timeout: UI_WAIT });
      expect(new URL(page.url()).pathname).toBe(`/sites/${site.id}`);
      await fitsTheScreen(page);
    },
    TEST_TIMEOUT,
  );

  it(
    "takes an invited person without an account through sign-up and verification into the site",
    async () => {
      const email = newAddress("newcomer");
      await owner.invite(site.id, email, "GUEST");
      const page = await newPage();
      await follow(page, await mailedLink(email, "site-invite"));
      await page.getByText("You have an invitation to a site").waitFor({ timeout: UI_WAIT });
      await page.getByRole("link", { name: "Create an account" }).click();
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByRole("heading", { name: "Check your email" }).waitFor({ timeout: UI_WAIT });

      // Verification in the same tab, then sign-in: the invitation is still waiting.
      await follow(page, await mailedLink(email, "email-verification"));
      await page.getByRole("button", { name: "Confirm my email" }).click();
      await page.getByText("Your email is confirmed").waitFor({ timeout: UI_WAIT });
      await page.getByRole("link", { name: "Sign in" }).click();
      await signIn(page, email, PASSWORD);
      await page.getByRole("heading", { name: "Join a site" }).waitFor({ timeout: UI_WAIT });
      await fitsTheScreen(page);
      await screenshot(page, `mailed-invite-accept-${name}`);
      await page.getByRole("button", { name: "Accept invitation" }).click();
      await page.getByRole("heading", { name: site.name }).waitFor({ timeout: UI_WAIT });
      expect(new URL(page.url()).pathname).toBe(`/sites/${site.id}`);
    },
    TEST_TIMEOUT,
  );
});
