/** Photos of a service request or work order: thumbnails fetched with the session, and an upload button. */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { Async, ErrorNote, useAsync } from "../../../shared/ui/components.tsx";
import { formatTime } from "../../../shared/ui/format.ts";
import { marketplace, type Photo, type PhotoSubjectPath } from "../marketplace-api.ts";

/** Mirrors the server's cap so a phone does not upload 20 MB just to hear "too large". */
const MAX_BYTES = 5 * 1024 * 1024;

export function Photos({
  subject,
  id,
  zone,
  canAdd,
}: {
  subject: PhotoSubjectPath;
  id: string;
  zone: string;
  canAdd: boolean;
}) {
  const list = useAsync(() => marketplace.photos(subject, id), [subject, id]);
  const error = useSignal<unknown>(null);
  const busy = useSignal(false);
  return (
    <section aria-label="Photos">
      <h3>Photos</h3>
      <Async state={list} what="Loading photos">
        {(photos) =>
          photos.length === 0 ? (
            <p class="muted">No photos yet.</p>
          ) : (
            <ul class="photos">
              {photos.map((p) => (
                <Thumb key={p.id} photo={p} zone={zone} />
              ))}
            </ul>
          )
        }
      </Async>
      {canAdd && (
        <div class="field">
          <label for={`photo-${id}`}>Add a photo (JPEG, PNG or WebP, up to 5 MB)</label>
          <input
            id={`photo-${id}`}
            type="file"
            accept="image/jpeg,image/png,image/webp"
            capture="environment"
            disabled={busy.value}
            onChange={async (e) => {
              const input = e.currentTarget as HTMLInputElement;
              const file = input.files?.[0];
              if (!file) return;
              error.value = null;
              if (file.size > MAX_BYTES) {
                error.value = new Error("That photo is over 5 MB; take a smaller one.");
                return;
              }
              busy.value = true;
              try {
                await marketplace.uploadPhoto(subject, id, file);
                input.value = "";
                await list.reload();
              } catch (err) {
                error.value = err;
              } finally {
                busy.value = false;
              }
            }}
          />
          {busy.value && <p role="status">Uploading…</p>}
          <ErrorNote error={error.value} />
        </div>
      )}
    </section>
  );
}

function Thumb({ photo, zone }: { photo: Photo; zone: string }) {
  const url = useSignal<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    let live = true;
    marketplace
      .photoUrl(photo.id)
      .then((u) => {
        made = u;
        if (live) url.value = u;
        else URL.revokeObjectURL(u);
      })
      .catch(() => {});
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [photo.id]);
  const alt = `Photo by ${photo.uploadedByName ?? "someone no longer listed"}, ${formatTime(photo.createdAt, zone)}`;
  return (
    <li>
      {url.value ? (
        <a href={url.value} target="_blank" rel="noopener">
          <img src={url.value} alt={alt} loading="lazy" />
        </a>
      ) : (
        <span class="muted">Loading photo…</span>
      )}
      <small class="muted">{alt}</small>
    </li>
  );
}
