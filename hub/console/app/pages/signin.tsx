/** Console sign-in (contract C1): the setup code on a new hub, a local account, or a token from the cloud app. */
import { useSignal } from "@preact/signals";
import { Async, Field, Form, PageTitle, useAsync } from "../../../../shared/ui/components.tsx";
import { hub } from "../api.ts";

export function SignIn() {
  const state = useAsync(hub.authState);
  const code = useSignal("");
  const username = useSignal("");
  const password = useSignal("");
  const token = useSignal("");
  const oneTime = useSignal("");
  return (
    <Async state={state}>
      {(s) =>
        s?.setupRequired ? (
          <>
            <PageTitle>Set up this hub</PageTitle>
            <p>
              Enter the setup code shown by the hub (on its screen or in its log) and choose the hub owner's
              username and password. The code works once.
            </p>
            <Form
              submit="Set up"
              label="Set up this hub"
              onSubmit={() => hub.setup(code.value.trim(), username.value, password.value)}
            >
              <Field label="Setup code" value={code} autoComplete="one-time-code" required />
              <Field
                label="Username"
                value={username}
                autoComplete="username"
                hint="3–40 letters, digits, dots, dashes or underscores."
                required
              />
              <Field
                label="Password"
                type="password"
                value={password}
                autoComplete="new-password"
                hint="At least 10 characters; a passphrase is best."
                minLength={10}
                required
              />
            </Form>
          </>
        ) : (
          <>
            <PageTitle>Sign in to the hub</PageTitle>
            {s?.claimed && (
              <>
                <Form
                  submit="Sign in with code"
                  label="Sign in with a one-time code"
                  onSubmit={() => hub.signInWithCode(oneTime.value)}
                >
                  <Field
                    label="One-time code"
                    value={oneTime}
                    autoComplete="one-time-code"
                    hint="10 characters from the Outpost app (a work order's “Hub code”, or the site's Hubs page). Works once, for 4 hours, with or without internet."
                    required
                  />
                </Form>
                <h2>Or with a hub account</h2>
              </>
            )}
            <Form
              submit="Sign in"
              label="Sign in with a hub account"
              onSubmit={() => hub.signIn(username.value, password.value)}
            >
              <Field label="Username" value={username} autoComplete="username" required />
              <Field
                label="Password"
                type="password"
                value={password}
                autoComplete="current-password"
                required
              />
            </Form>
            <h2>Or with your Outpost account</h2>
            <p>
              If the hub has not synced since your code was issued, paste the full console token from the
              site's Hubs page in the owner app instead.
            </p>
            <Form
              submit="Sign in with token"
              label="Sign in with a cloud token"
              onSubmit={() => hub.signInWithToken(token.value.trim())}
            >
              <Field label="Console token" value={token} required />
            </Form>
          </>
        )
      }
    </Async>
  );
}
