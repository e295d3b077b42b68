/** Sign-up, sign-in with the 2FA step, email verification and password reset. */
import { useSignal } from "@preact/signals";
import { Field, Form, PageTitle } from "../../../shared/ui/components.tsx";
import { Link, navigate, queryParam } from "../../../shared/ui/router.tsx";
import { api, session } from "../api.ts";
import { afterSignIn, forgetLinkToken, linkToken } from "../link-token.ts";
import { LinkProblem } from "./mailed-link.tsx";

/** Said on sign-in and sign-up while an invitation waits in this tab. */
function InvitationWaiting() {
  if (!("token" in linkToken("/invites"))) return null;
  return (
    <p role="status">
      You have an invitation to a site. Sign in, or create an account with the address it was sent to, and you
      will be taken back to it.
    </p>
  );
}

export function SignIn() {
  const email = useSignal("");
  const password = useSignal("");
  const code = useSignal("");
  const challenge = useSignal<string | null>(null);
  if (challenge.value) {
    return (
      <>
        <PageTitle>Two-step sign-in</PageTitle>
        <p>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
        <Form
          submit="Verify"
          label="Two-step sign-in"
          onSubmit={async () => {
            await api.signInTwoFactor(challenge.value!, code.value);
            navigate(queryParam("next") ?? afterSignIn("/"), true);
          }}
        >
          <Field label="Code" value={code} autoComplete="one-time-code" inputMode="numeric" required />
        </Form>
      </>
    );
  }
  return (
    <>
      <PageTitle>Sign in</PageTitle>
      <InvitationWaiting />
      <Form
        submit="Sign in"
        label="Sign in"
        onSubmit={async () => {
          const c = await api.signIn(email.value, password.value);
          if (c) challenge.value = c.challengeToken;
          else navigate(queryParam("next") ?? afterSignIn("/"), true);
        }}
      >
        <Field label="Email" value={email} type="email" autoComplete="username" required />
        <Field label="Password" value={password} type="password" autoComplete="current-password" required />
      </Form>
      <p>
        New here? <Link href="/sign-up">Create an account</Link> ·{" "}
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
    </>
  );
}

export function SignUp() {
  const email = useSignal("");
  const password = useSignal("");
  const sent = useSignal(false);
  if (sent.value) {
    // The API answers alike whether or not the address already has an account, so this page does too.
    return (
      <>
        <PageTitle>Check your email</PageTitle>
        <p role="status">
          We sent a link to {email.value} to confirm the address. You can sign in now; confirm it before you
          accept an invitation or pay.
        </p>
        <p>
          <Link href="/sign-in">Sign in</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageTitle>Create an account</PageTitle>
      <InvitationWaiting />
      <Form
        submit="Create account"
        label="Create an account"
        onSubmit={async () => {
          await api.signUp(email.value, password.value);
          sent.value = true;
        }}
      >
        <Field label="Email" value={email} type="email" autoComplete="email" required />
        <Field
          label="Password"
          value={password}
          type="password"
          autoComplete="new-password"
          minLength={8}
          hint="At least 8 characters."
          required
        />
      </Form>
      <p>
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </>
  );
}

export function ForgotPassword() {
  const email = useSignal("");
  const sent = useSignal(false);
  return (
    <>
      <PageTitle>Reset your password</PageTitle>
      {sent.value ? (
        <p role="status">If an account exists for {email.value}, an email with a reset link is on its way.</p>
      ) : (
        <Form
          submit="Email me a link"
          label="Reset your password"
          onSubmit={async () => {
            await api.requestPasswordReset(email.value);
            sent.value = true;
          }}
        >
          <Field label="Email" value={email} type="email" autoComplete="email" required />
        </Form>
      )}
      <p>
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </>
  );
}

/**
 * The mailed verification link (`/verify-email#token=…`, kept by link-token.ts). The token is spent on a click,
 * not on load, so a mail scanner opening the link does not use it up.
 */
export function VerifyEmail() {
  const done = useSignal(false);
  const link = linkToken("/verify-email");
  const inviteWaiting = "token" in linkToken("/invites");
  return (
    <>
      <PageTitle>Confirm your email</PageTitle>
      {done.value ? (
        <p role="status">
          Your email is confirmed.{" "}
          {session.value ? (
            <Link href={inviteWaiting ? "/invites" : "/"}>
              {inviteWaiting ? "Continue to your invitation" : "Go to your sites"}
            </Link>
          ) : (
            <Link href="/sign-in">Sign in</Link>
          )}
        </p>
      ) : "token" in link ? (
        <Form
          submit="Confirm my email"
          label="Confirm your email"
          onSubmit={async () => {
            await api.verifyEmail(link.token);
            forgetLinkToken("/verify-email");
            done.value = true;
          }}
        />
      ) : (
        <LinkProblem problem={link.problem}>
          The link works once, for 24 hours. <Link href="/sign-in">Sign in</Link>
        </LinkProblem>
      )}
    </>
  );
}

/** The mailed reset link (`/reset-password#token=…`, kept by link-token.ts); it works signed in or not. */
export function ResetPassword() {
  const password = useSignal("");
  const done = useSignal(false);
  const link = linkToken("/reset-password");
  return (
    <>
      <PageTitle>Choose a new password</PageTitle>
      {done.value ? (
        <p role="status">
          Your password is changed. <Link href="/sign-in">Sign in</Link>
        </p>
      ) : "token" in link ? (
        <Form
          submit="Set password"
          label="Choose a new password"
          onSubmit={async () => {
            await api.confirmPasswordReset(link.token, password.value);
            forgetLinkToken("/reset-password");
            done.value = true;
          }}
        >
          <Field
            label="New password"
            value={password}
            type="password"
            autoComplete="new-password"
            minLength={8}
            hint="At least 8 characters."
            required
          />
          <p>
            Link used or expired? <Link href="/forgot-password">Ask for a new one</Link>
          </p>
        </Form>
      ) : (
        <LinkProblem problem={link.problem}>
          <Link href="/forgot-password">Ask for a new reset link</Link>
        </LinkProblem>
      )}
    </>
  );
}
