/** Account settings that need the password: change the email (a link to the new address) and delete the account. */
import { useSignal } from "@preact/signals";
import { Field, Form } from "../../../shared/ui/components.tsx";
import { navigate } from "../../../shared/ui/router.tsx";
import { api } from "../api.ts";

export function ChangeEmail() {
  const email = useSignal("");
  const password = useSignal("");
  const sentTo = useSignal<string | null>(null);
  return (
    <>
      <h2>Email address</h2>
      <Form
        submit="Send confirmation link"
        label="Change email address"
        onSubmit={async () => {
          await api.changeEmail(email.value, password.value);
          sentTo.value = email.value.trim();
          password.value = "";
        }}
      >
        <Field label="New email address" type="email" value={email} autoComplete="email" required />
        <Field
          label="Password (to change the email)"
          type="password"
          value={password}
          autoComplete="current-password"
          required
        />
      </Form>
      {sentTo.value && (
        <p class="ok" role="status">
          We sent a link to {sentTo.value}. Your address changes when you open it; until then you sign in with
          the current one.
        </p>
      )}
    </>
  );
}

export function DeleteAccount() {
  const password = useSignal("");
  return (
    <>
      <h2>Delete account</h2>
      <p>
        Sites where you are the only member are deleted with the account (their hubs keep running on their
        own, without the cloud). A site you alone own that has other members stops the deletion: make another
        member an owner, or delete the site, first. Elsewhere you simply stop being a member.
      </p>
      <Form
        submit="Delete my account"
        label="Delete account"
        onSubmit={async () => {
          await api.deleteAccount(password.value);
          navigate("/sign-in", true);
        }}
      >
        <Field
          label="Password (to delete the account)"
          type="password"
          value={password}
          autoComplete="current-password"
          required
        />
      </Form>
    </>
  );
}
