/** Refuses MQTT frames larger than a limit before they are buffered, by reading each fixed header. */
import type { Duplex } from "node:stream";

/**
 * Tracks MQTT frame boundaries (MQTT-2.2: one type byte, then a 1–4 byte remaining length)
 * and reports false as soon as a frame, fixed header included, would exceed `maxFrameBytes`.
 */
export class FrameScanner {
  private skip = 0;
  private inLength = false;
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private readonly max: number;

  constructor(maxFrameBytes: number) {
    this.max = maxFrameBytes;
  }

  feed(chunk: Uint8Array): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const take = Math.min(this.skip, chunk.length - i);
        this.skip -= take;
        i += take;
      } else if (!this.inLength) {
        this.inLength = true;
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
        i++;
      } else {
        const b = chunk[i++]!;
        this.length += (b & 0x7f) * this.multiplier;
        this.multiplier *= 128;
        this.lengthBytes++;
        if (b & 0x80) {
          if (this.lengthBytes >= 4) return false; // MQTT-2.2.3: at most four length bytes
        } else {
          // The whole frame counts: the type byte, the length bytes and what they announce.
          if (1 + this.lengthBytes + this.length > this.max) return false;
          this.inLength = false;
          this.skip = this.length;
        }
      }
    }
    return true;
  }
}

/**
 * Makes a socket refuse frames over the limit: every chunk the broker reads is scanned first, and a
 * frame that declares too many bytes destroys the socket before the broker buffers any of it.
 * The socket's own `read` is wrapped rather than the socket piped through another stream: a second
 * stream per connection halved the broker's throughput.
 */
export function limitFrames<S extends Duplex>(socket: S, maxFrameBytes: number, onOversize: () => void): S {
  const scanner = new FrameScanner(maxFrameBytes);
  const read = socket.read;
  socket.read = function limitedRead(this: S, size?: number) {
    const chunk = read.call(this, size) as Buffer | null;
    if (chunk && !scanner.feed(chunk)) {
      onOversize();
      socket.destroy();
      return null;
    }
    return chunk;
  };
  return socket;
}
