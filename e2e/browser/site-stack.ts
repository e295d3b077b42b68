/** The browser tests' usual world: Chromium, the Worker, an owner with one site, and a hub claimed to it. */
import type { Browser, BrowserContext } from "playwright-core";
import { type DeviceClient, startTestHub, type TestHub } from "../../hub/testing.ts";
import { CloudClient } from "../../scripts/cloud-client.ts";
import { type CloudFixture, startCloudFixture } from "../stack.ts";
import { launchChromium } from "./chromium.ts";

export interface OwnedSite {
  browser: Browser;
  cloud: CloudFixture;
  owner: CloudClient;
  siteId: string;
  hub: TestHub;
}

/** Signs the owner up, makes the site (Stockholm time) and claims a hub that syncs every 100 ms when idle. */
export async function startOwnedSite(input: {
  owner: { email: string; password: string };
  site: string;
  hubName: string;
}): Promise<OwnedSite> {
  const [browser, cloud] = await Promise.all([launchChromium(), startCloudFixture()]);
  let hub: TestHub | undefined;
  try {
    const owner = new CloudClient(cloud.url);
    await owner.signUp(input.owner.email, input.owner.password);
    const siteId = (await owner.ensureSite(input.site, "Europe/Stockholm")).id;
    hub = await startTestHub({ sync: { idleMs: 100, backoff: { baseMs: 50, maxMs: 400 } } });
    await hub.claim({ cloudUrl: cloud.url, code: await owner.claimCode(siteId), name: input.hubName });
    return { browser, cloud, owner, siteId, hub };
  } catch (err) {
    // The file's afterAll never sees a half-started world: close it here.
    await stopOwnedSite({ contexts: [], devices: [], browser, hub, cloud });
    throw err;
  }
}

/** Closes what a file opened on that world (pages, devices), then the world itself. */
export async function stopOwnedSite(opened: {
  contexts: BrowserContext[];
  devices: DeviceClient[];
  browser?: Browser;
  hub?: TestHub;
  cloud?: CloudFixture;
}): Promise<void> {
  for (const c of opened.contexts) await c.close().catch(() => {});
  await opened.browser?.close();
  for (const d of opened.devices) await d.close().catch(() => {});
  await opened.hub?.destroy();
  await opened.cloud?.destroy();
}
