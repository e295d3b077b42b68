/** The unit settings form both screens use: name, type, limits (the range, which are also the alarm limits) and alarm delays. */
import { useSignal } from "@preact/signals";
import { EQUIPMENT_TYPE_WORDS, EQUIPMENT_TYPES, type EquipmentType } from "../equipment/index.ts";
import { Field, Form, Select } from "./components.tsx";

/** What a person edits about one unit; a delay left out keeps the setting the hub has. */
export interface UnitSettings {
  name: string;
  type: EquipmentType;
  setTemperature: number;
  optimalMin: number;
  optimalMax: number;
  highDelayMs?: number;
  lowDelayMs?: number;
  doorOpenAlarmMs?: number;
  staleMs?: number;
}

/** The equipment record and the alarm rule settings of one form's values: the limits are the range. */
export function splitUnitSettings(s: UnitSettings) {
  const { name, type, setTemperature, optimalMin, optimalMax, ...delays } = s;
  const rules: Record<string, number> = { lowLimit: optimalMin, highLimit: optimalMax };
  for (const [k, v] of Object.entries(delays)) if (v !== undefined) rules[k] = v;
  return { equipment: { name, type, setTemperature, optimalMin, optimalMax }, rules };
}

const MIN = 60_000;
const DELAYS = [
  ["highDelayMs", "Alarm when too warm for (minutes)"],
  ["lowDelayMs", "Alarm when too cold for (minutes)"],
  ["doorOpenAlarmMs", "Alarm when the door is open for (minutes)"],
  ["staleMs", "Alarm when the sensor is silent for (minutes)"],
] as const;

function number(label: string, text: string): number {
  const v = Number(text.trim().replace(",", "."));
  if (text.trim() === "" || !Number.isFinite(v)) throw new Error(`${label}: enter a number`);
  return v;
}

/**
 * Edits one unit. `onSave` gets whole settings (delays only when filled in); `savedText` is what the screen
 * says after a save (the cloud's edit reaches the hub at its next sync).
 */
export function UnitSettingsForm({
  initial,
  onSave,
  savedText,
}: {
  initial: UnitSettings;
  onSave: (s: UnitSettings) => Promise<unknown>;
  savedText: string;
}) {
  const name = useSignal(initial.name);
  const type = useSignal<string>(initial.type);
  const set = useSignal(String(initial.setTemperature));
  const low = useSignal(String(initial.optimalMin));
  const high = useSignal(String(initial.optimalMax));
  const delays = {
    highDelayMs: useSignal(minutes(initial.highDelayMs)),
    lowDelayMs: useSignal(minutes(initial.lowDelayMs)),
    doorOpenAlarmMs: useSignal(minutes(initial.doorOpenAlarmMs)),
    staleMs: useSignal(minutes(initial.staleMs)),
  };
  const saved = useSignal(false);
  return (
    <Form
      label="Unit settings"
      submit="Save settings"
      onSubmit={async () => {
        saved.value = false;
        const next: UnitSettings = {
          name: name.value.trim(),
          type: type.value as EquipmentType,
          setTemperature: number("Set temperature", set.value),
          optimalMin: number("Lowest allowed", low.value),
          optimalMax: number("Highest allowed", high.value),
        };
        for (const [key, label] of DELAYS) {
          const text = delays[key].value.trim();
          if (text !== "") next[key] = Math.round(number(label, text) * MIN);
        }
        await onSave(next);
        saved.value = true;
      }}
    >
      <Field label="Name" value={name} required maxLength={80} />
      <Select
        label="Type"
        value={type}
        options={EQUIPMENT_TYPES.map((t) => ({ value: t, label: EQUIPMENT_TYPE_WORDS[t] }))}
      />
      <fieldset>
        <legend>Limits (°C)</legend>
        <Field
          label="Lowest allowed (°C)"
          value={low}
          inputMode="decimal"
          hint="Below this the unit is out of range and the too-cold alarm starts counting."
        />
        <Field
          label="Highest allowed (°C)"
          value={high}
          inputMode="decimal"
          hint="Above this the unit is out of range and the too-warm alarm starts counting."
        />
        <Field label="Set temperature (°C)" value={set} inputMode="decimal" />
      </fieldset>
      <fieldset>
        <legend>Alarm rules</legend>
        {DELAYS.map(([key, label]) => (
          <Field
            key={key}
            label={label}
            value={delays[key]}
            inputMode="numeric"
            placeholder="as the hub has it"
          />
        ))}
      </fieldset>
      {saved.value && (
        <p class="ok" role="status">
          {savedText}
        </p>
      )}
    </Form>
  );
}

const minutes = (ms: number | undefined): string => (ms === undefined ? "" : String(ms / MIN));
