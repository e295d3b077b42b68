/** The sites the person belongs to, and a new one. */
import { useSignal } from "@preact/signals";
import { Async, Field, Form, PageTitle, useAsync } from "../../../shared/ui/components.tsx";
import { Link, navigate } from "../../../shared/ui/router.tsx";
import { api } from "../api.ts";

export function Sites() {
  const sites = useAsync(api.sites);
  const name = useSignal("");
  return (
    <>
      <PageTitle>Your sites</PageTitle>
      <Async state={sites}>
        {(list) =>
          list.length === 0 ? (
            <p class="muted">You are not in any site yet. Create one below, or accept an invitation.</p>
          ) : (
            <ul class="tiles">
              {list.map((s) => (
                <li key={s.id} class="tile">
                  <Link href={`/sites/${s.id}`}>{s.name}</Link>
                  <div class="muted">{s.role.toLowerCase()}</div>
                </li>
              ))}
            </ul>
          )
        }
      </Async>
      <h2>New site</h2>
      <Form
        submit="Create site"
        label="New site"
        onSubmit={async () => {
          const s = await api.createSite(name.value);
          navigate(`/sites/${s.id}`);
        }}
      >
        <Field label="Site name" value={name} required maxLength={120} />
      </Form>
    </>
  );
}
