/**
 * Billing: the plan in force, the plans to move to (Stripe Checkout for a first subscription, a plan change for a
 * running one), invoices with their printable pages, payments with refunds, and the balance.
 */
import { useEffect } from "preact/hooks";
import { formatMoney } from "../../../shared/money/index.ts";
import { ActionButton, Async, PageTitle, Table, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime, words } from "../../../shared/ui/format.ts";
import { queryParam } from "../../../shared/ui/router.tsx";
import { api } from "../api.ts";
import type { Plan, PlanLimits, Subscription } from "../types.ts";

const limitsText = (l: PlanLimits): string =>
  `${l.sites} sites · ${l.hubs} hubs, ${l.equipment} units and ${l.members} people per site · ${l.historyDays} days of history`;

/** A subscription Stripe bills (a plan change applies to it); otherwise a paid plan starts with Checkout. */
/** Billing statuses in words (the enums stay the API's values). */
const STATUS_WORDS: Record<string, string> = {
  NONE: "No paid plan",
  INCOMPLETE: "Awaiting payment",
  ACTIVE: "Active",
  PAST_DUE: "Payment overdue",
  CANCELED: "Cancelled",
  PAID: "Paid",
  PENDING: "Awaiting payment",
  CANCELLED: "Cancelled",
  INITIATED: "Started",
  SUCCESS: "Paid",
  FAILED: "Failed",
};
const statusText = (s: string): string => STATUS_WORDS[s] ?? words(s);

const running = (s: Subscription): boolean => s.status === "ACTIVE" || s.status === "PAST_DUE";

/** While Checkout's return is being confirmed by Stripe's webhook, the subscription is asked again this often. */
const CONFIRM_POLL_MS = 1000;

export function Billing() {
  const checkout = queryParam("checkout");
  const sub = useAsync(api.subscription);
  const plans = useAsync(api.plans);
  const invoices = useAsync(api.invoices);
  const payments = useAsync(api.payments);
  const balances = useAsync(api.balances);
  const confirmed = sub.data.value?.status === "ACTIVE";

  // Back from Checkout: the webhook, not the redirect, makes the subscription ACTIVE — keep asking until it has.
  useEffect(() => {
    if (checkout !== "success" || confirmed) return;
    const timer = setInterval(() => void sub.reload(), CONFIRM_POLL_MS);
    return () => clearInterval(timer);
  }, [checkout, confirmed]);
  useEffect(() => {
    if (checkout === "success" && confirmed) {
      void invoices.reload();
      void payments.reload();
      void balances.reload();
    }
  }, [checkout, confirmed]);

  const reloadAll = async () => {
    await Promise.all([sub.reload(), invoices.reload(), payments.reload(), balances.reload()]);
  };

  return (
    <>
      <PageTitle>Billing</PageTitle>
      {checkout === "success" && (
        <p class="banner ok" role="status" aria-live="polite">
          {confirmed
            ? "Payment received — your plan is active."
            : "Payment received — your plan will update in a moment"}
        </p>
      )}
      {checkout === "cancel" && (
        <p class="banner warn" role="status">
          Checkout was cancelled — nothing was charged.
        </p>
      )}

      <h2>Your plan</h2>
      <Async state={sub}>{(s) => <CurrentPlan sub={s} plans={plans.data.value} />}</Async>

      <h2>Plans</h2>
      <Async state={plans}>
        {(list) => (
          <ul class="tiles">
            {list.map((p) => (
              <li key={p.id} class="tile" data-testid="plan">
                <strong>{p.name}</strong>
                <div>{p.price.amount === 0 ? "Free" : `${formatMoney(p.price)} per month`}</div>
                <div class="muted">{limitsText(p.limits)}</div>
                {sub.data.value && (
                  <PlanAction plan={p} plans={list} sub={sub.data.value} onChanged={reloadAll} />
                )}
              </li>
            ))}
          </ul>
        )}
      </Async>

      <h2>Invoices</h2>
      <Async state={invoices}>
        {(list) => (
          <Table
            caption="Invoices"
            rows={list}
            rowKey={(i) => i.id}
            empty="No invoices yet."
            columns={[
              { label: "Number", cell: (i) => i.number ?? "—" },
              { label: "Date", cell: (i) => formatTime(i.createdAt) },
              { label: "Description", cell: (i) => i.description },
              { label: "Amount", cell: (i) => formatMoney(i) },
              { label: "Status", cell: (i) => statusText(i.status) },
              {
                label: "Print",
                cell: (i) => (
                  <ActionButton
                    label={`Printable invoice ${i.number ?? i.description}`}
                    onClick={async () => {
                      window.open(await api.invoicePrintUrl(i.id), "_blank", "noopener");
                    }}
                  >
                    Printable page
                  </ActionButton>
                ),
              },
            ]}
          />
        )}
      </Async>

      <h2>Payments</h2>
      <Async state={payments}>
        {(list) => (
          <Table
            caption="Payments and refunds"
            rows={list}
            rowKey={(p) => p.id}
            empty="No payments yet."
            columns={[
              { label: "Date", cell: (p) => formatTime(p.createdAt) },
              { label: "For", cell: (p) => p.payable.kind.toLowerCase().replaceAll("_", " ") },
              { label: "Amount", cell: (p) => formatMoney(p) },
              { label: "Status", cell: (p) => statusText(p.status) },
              {
                label: "Refunded",
                cell: (p) =>
                  p.refundedAmount > 0
                    ? formatMoney({ amount: p.refundedAmount, currency: p.currency })
                    : "—",
              },
            ]}
          />
        )}
      </Async>

      <h2>Balance</h2>
      <Async state={balances}>
        {(list) => (
          <Table
            caption="Balance per currency"
            rows={list}
            rowKey={(b) => b.currency}
            empty="Nothing paid or owed yet."
            columns={[
              { label: "Currency", cell: (b) => b.currency.toUpperCase() },
              { label: "Paid", cell: (b) => formatMoney({ amount: b.paid, currency: b.currency }) },
              { label: "Refunded", cell: (b) => formatMoney({ amount: b.refunded, currency: b.currency }) },
              { label: "Net", cell: (b) => formatMoney({ amount: b.net, currency: b.currency }) },
              {
                label: "Outstanding",
                cell: (b) => formatMoney({ amount: b.outstanding, currency: b.currency }),
              },
            ]}
          />
        )}
      </Async>
    </>
  );
}

function planName(id: string | null, plans: Plan[] | undefined): string {
  return plans?.find((p) => p.id === id)?.name ?? id ?? "";
}

function CurrentPlan({ sub, plans }: { sub: Subscription; plans: Plan[] | undefined }) {
  return (
    <dl data-testid="current-plan">
      <dt>Plan</dt>
      <dd data-testid="plan-name">{planName(sub.effectivePlan, plans)}</dd>
      <dt>Status</dt>
      <dd data-testid="plan-status" data-status={sub.status}>
        {statusText(sub.status)}
      </dd>
      {sub.currentPeriodEnd && (
        <>
          <dt>Current period ends</dt>
          <dd>{formatTime(sub.currentPeriodEnd)}</dd>
        </>
      )}
      {sub.scheduledPlan && (
        <>
          <dt>Scheduled</dt>
          <dd>
            Changes to {planName(sub.scheduledPlan, plans)}
            {sub.scheduledAt ? ` on ${formatTime(sub.scheduledAt)}` : " at the end of the period"}
          </dd>
        </>
      )}
      {sub.graceUntil && (
        <>
          <dt>Payment failed</dt>
          <dd class="warn">The plan's limits stay until {formatTime(sub.graceUntil)}.</dd>
        </>
      )}
      <dt>Limits in force</dt>
      <dd>{limitsText(sub.limits)}</dd>
    </dl>
  );
}

function PlanAction({
  plan,
  plans,
  sub,
  onChanged,
}: {
  plan: Plan;
  plans: Plan[];
  sub: Subscription;
  onChanged: () => Promise<void>;
}) {
  if (plan.id === sub.effectivePlan) return <div class="badge">Current plan</div>;
  if (plan.id === sub.scheduledPlan) return <div class="badge">Scheduled</div>;
  if (!running(sub)) {
    // The free plan needs no Checkout; from a running subscription it is a downgrade (cancel at period end).
    if (plan.price.amount === 0) return null;
    return (
      <ActionButton
        label={`Upgrade to ${plan.name}`}
        onClick={async () => {
          const { url } = await api.checkout(plan.id);
          location.assign(url);
        }}
      >
        Upgrade
      </ActionButton>
    );
  }
  const rank = (id: string) => plans.findIndex((p) => p.id === id);
  const up = rank(plan.id) > rank(sub.plan);
  return (
    <ActionButton
      label={`${up ? "Upgrade" : "Downgrade"} to ${plan.name}`}
      onClick={async () => {
        if (!up && !confirm(`Move to ${plan.name} at the end of the current period?`)) return;
        await api.changePlan(plan.id);
        await onChanged();
      }}
    >
      {up ? "Upgrade" : "Downgrade at period end"}
    </ActionButton>
  );
}
