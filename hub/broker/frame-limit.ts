/** Refuses MQTT frames larger than a limit before they are buffered, by reading each fixed header. */
import { Duplex } from "node:stream";

/**
 * Tracks MQTT frame boundaries (MQTT-2.2: one type byte, then a 1–4 byte remaining length)
 * and reports false as soon as a frame declares more than `maxFrameBytes`.
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
          if (this.length > this.max) return false;
          this.inLength = false;
          this.skip = this.length;
        }
      }
    }
    return true;
  }
}

/** Wraps a socket so that a frame over the limit destroys the connection and calls `onOversize`. */
export function limitFrames(socket: Duplex, maxFrameBytes: number, onOversize: () => void): Duplex {
  const scanner = new FrameScanner(maxFrameBytes);
  const wrapped: Duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk, _enc, cb) {
      socket.write(chunk, cb);
    },
    final(cb) {
      socket.end(cb);
    },
    destroy(err, cb) {
      socket.destroy();
      cb(err);
    },
  });
  socket.on("data", (chunk: Buffer) => {
    if (!scanner.feed(chunk)) {
      onOversize();
      socket.destroy();
      return;
    }
    if (!wrapped.push(chunk)) socket.pause();
  });
  socket.on("end", () => wrapped.push(null));
  socket.on("close", () => wrapped.destroy());
  socket.on("error", (err) => wrapped.destroy(err));
  return wrapped;
}
