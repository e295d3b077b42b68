/**
 * Worker globals that cloud's route dependencies name (cloud/bus), declared as the Worker declares them so
 * that the owner app, which reads the cloud routes for their types only (cloud/web/routes.ts), can check
 * those files under the DOM's types. Nothing here exists at run time in the browser.
 */
interface Queue<Body = unknown> {
  send(body: Body, options?: { contentType?: string; delaySeconds?: number }): Promise<void>;
  sendBatch(messages: Iterable<MessageSendRequest<Body>>, options?: { delaySeconds?: number }): Promise<void>;
}
type MessageSendRequest<Body = unknown> = { body: Body; contentType?: string; delaySeconds?: number };
