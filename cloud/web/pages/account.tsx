/** Account settings: name, email, two-step sign-in (enrol with a QR code, turn off), password, sign out, deletion. */
import { useSignal } from "@preact/signals";
import { ActionButton, Async, Field, Form, PageTitle, useAsync } from "../../../shared/ui/components.tsx";
import { navigate } from "../../../shared/ui/router.tsx";
import { api, session } from "../api.ts";
import type { TotpSetup } from "../types.ts";
import { ChangeEmail, DeleteAccount } from "./account-settings.tsx";
import { ProfileName } from "./profile-name.tsx";

function Enrol({ onDone }: { onDone: () => void }) {
  const setup = useSignal<TotpSetup | null>(null);
  const code = useSignal("");
  const recovery = useSignal<string[] | null>(null);
  if (recovery.value) {
    return (
      <section aria-labelledby="rc">
        <h3 id="rc">Recovery codes</h3>
        <p>
          Two-step sign-in is on. Keep these codes somewhere safe: each signs you in once if you lose your
          phone.
        </p>
        <ul data-testid="recovery-codes">
          {recovery.value.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button type="button" onClick={onDone}>
          I have saved them
        </button>
      </section>
    );
  }
  if (!setup.value) {
    return (
      <ActionButton
        onClick={async () => {
          setup.value = await api.twoFactorSetup();
        }}
      >
        Turn on two-step sign-in
      </ActionButton>
    );
  }
  return (
    <>
      <p>Scan this code with an authenticator app, then enter the 6-digit code it shows.</p>
      <img
        class="qr"
        width={200}
        height={200}
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.value.qrSvg)}`}
        alt="QR code for your authenticator app"
        data-otpauth={setup.value.otpauthUri}
      />
      <p>
        Cannot scan? Enter this key: <code data-testid="totp-secret">{setup.value.secret}</code>
      </p>
      <Form
        submit="Turn on"
        label="Confirm two-step sign-in"
        onSubmit={async () => {
          recovery.value = (await api.twoFactorEnable(code.value)).recoveryCodes;
        }}
      >
        <Field label="6-digit code" value={code} inputMode="numeric" autoComplete="one-time-code" required />
      </Form>
    </>
  );
}

function Disable({ onDone }: { onDone: () => void }) {
  const password = useSignal("");
  const code = useSignal("");
  return (
    <Form
      submit="Turn off two-step sign-in"
      label="Turn off two-step sign-in"
      onSubmit={async () => {
        await api.twoFactorDisable(password.value, code.value);
        onDone();
      }}
    >
      <Field label="Password" type="password" value={password} autoComplete="current-password" required />
      <Field label="6-digit code" value={code} inputMode="numeric" autoComplete="one-time-code" required />
    </Form>
  );
}

export function Account() {
  const status = useAsync(api.twoFactorStatus);
  const current = useSignal("");
  const next = useSignal("");
  return (
    <>
      <PageTitle>Account</PageTitle>
      <p>Signed in as {session.value?.user.email}</p>
      <ProfileName />
      <ChangeEmail />
      <h2>Two-step sign-in</h2>
      <Async state={status}>
        {(s) =>
          s.enabled ? (
            <>
              <p class="ok">On. {s.recoveryCodesLeft} recovery codes left.</p>
              <Disable onDone={status.reload} />
            </>
          ) : (
            <Enrol onDone={status.reload} />
          )
        }
      </Async>
      <h2>Password</h2>
      <Form
        submit="Change password"
        label="Change password"
        onSubmit={async () => {
          await api.changePassword(current.value, next.value);
          navigate("/sign-in", true);
        }}
      >
        <Field
          label="Current password"
          type="password"
          value={current}
          autoComplete="current-password"
          required
        />
        <Field
          label="New password"
          type="password"
          value={next}
          autoComplete="new-password"
          minLength={8}
          hint="Every other sign-in ends too."
          required
        />
      </Form>
      <h2>Sign out</h2>
      <button
        type="button"
        class="secondary"
        onClick={async () => {
          await api.signOut();
          navigate("/sign-in", true);
        }}
      >
        Sign out
      </button>
      <DeleteAccount />
    </>
  );
}
