/** A small client for the cloud's owner API, used by `npm start` and the end-to-end tests. */
import type { SiteRole } from "../shared/roles/index.ts";

export interface CloudSession {
  accessToken: string;
  user: { id: string; email: string };
}

export class CloudClient {
  readonly url: string;
  private token: string | null = null;

  constructor(url: string) {
    this.url = url;
  }

  /** Signs in, creating the account first when it does not exist yet. */
  async signInOrUp(email: string, password: string): Promise<CloudSession> {
    const signIn = await this.raw("POST", "/v1/accounts/sign-in", { email, password });
    if (signIn.status !== 401) return this.session(signIn);
    return this.signUp(email, password);
  }

  /** Sign-up answers the same for every address (a verification link is mailed), then sign in. */
  async signUp(email: string, password: string): Promise<CloudSession> {
    await expectOk(await this.raw("POST", "/v1/accounts/sign-up", { email, password }));
    return this.session(await this.raw("POST", "/v1/accounts/sign-in", { email, password }));
  }

  /**
   * Verifies the account's address with the link in its captured mail (development only: `/dev/mail.json`),
   * then signs in again so the token says so.
   */
  async verifyEmail(email: string, password: string): Promise<CloudSession> {
    const captured = (await this.get(`/dev/mail.json?to=${encodeURIComponent(email)}`)) as {
      mail: { template: string; body: string }[];
    };
    const mail = captured.mail.find((m) => m.template.includes("verif") && /#token=/.test(m.body));
    if (!mail) throw new Error(`no verification mail for ${email}`);
    const token = decodeURIComponent(/#token=(\S+)/.exec(mail.body)![1]!);
    await expectOk(await this.raw("POST", "/v1/accounts/verify-email", { token }));
    return this.session(await this.raw("POST", "/v1/accounts/sign-in", { email, password }));
  }

  /** Invites `email` to the site (OWNER only); the answer carries the invite token. */
  async invite(siteId: string, email: string, role: SiteRole): Promise<string> {
    const res = await this.raw("POST", `/v1/sites/${siteId}/invites`, { email, role });
    return ((await expectOk(res)) as { token: string }).token;
  }

  async acceptInvite(token: string): Promise<void> {
    await expectOk(await this.raw("POST", "/v1/invites/accept", { token }));
  }

  async removeMember(siteId: string, userId: string): Promise<void> {
    const res = await this.raw("DELETE", `/v1/sites/${siteId}/members/${userId}`);
    if (res.status !== 204) await expectOk(res);
  }

  private async session(res: Response): Promise<CloudSession> {
    const session = (await expectOk(res)) as CloudSession;
    this.token = session.accessToken;
    return session;
  }

  async sites(): Promise<{ id: string; name: string; role: string }[]> {
    return ((await this.get("/v1/sites")) as { sites: { id: string; name: string; role: string }[] }).sites;
  }

  /** The owner's site of that name, made (in `timeZone`, an IANA name) when there is none. */
  async ensureSite(name: string, timeZone?: string): Promise<{ id: string; name: string }> {
    const existing = (await this.sites()).find((s) => s.name === name);
    if (existing) return existing;
    const body = timeZone ? { name, timeZone } : { name };
    return (await expectOk(await this.raw("POST", "/v1/sites", body))) as { id: string; name: string };
  }

  async claimCode(siteId: string): Promise<string> {
    const res = await this.raw("POST", `/v1/sites/${siteId}/claim-codes`, {});
    return ((await expectOk(res)) as { code: string }).code;
  }

  /** A 12 h token to sign in at the site's hub, even with no internet there (contract C2). */
  async hubToken(siteId: string): Promise<{ token: string; expiresIn: number; hubId: string }> {
    const res = await this.raw("POST", `/v1/sites/${siteId}/hub-token`, {});
    return (await expectOk(res)) as { token: string; expiresIn: number; hubId: string };
  }

  get(path: string): Promise<unknown> {
    return this.raw("GET", path).then(expectOk);
  }

  raw(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    return fetch(new URL(path, this.url), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

async function expectOk(res: Response): Promise<unknown> {
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
