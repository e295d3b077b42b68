/** What a page opened from a mailed link says when the link brought no usable token. */
import type { ComponentChildren } from "preact";

export function LinkProblem({
  problem,
  children,
}: {
  problem: "missing" | "malformed";
  /** What to do instead (a link to ask for a new one). */
  children: ComponentChildren;
}) {
  return (
    <>
      <p role="alert" class="error">
        {problem === "missing"
          ? "This page opens from the link in your email, and no link came with it. Open the link from the email again."
          : "This link looks cut short. Open it from the email again, or copy the whole link into the address bar."}
      </p>
      <p>{children}</p>
    </>
  );
}
