// HTTP and WebSocket access with a participant's key. Requests never throw: a network failure
// is an answer with status 0.

export async function request(key, method, path, body) {
  const headers = key ? { authorization: `Bearer ${key}` } : {};
  const init = { method, headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    // The server is away (restarting, stopped): callers see a status 0 and carry on.
    return {
      status: 0,
      body: { error: { code: 'NETWORK', message: String(error?.message ?? error) } },
    };
  }
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  return { status: response.status, body: json };
}

/**
 * A stream that reconnects after a drop (one second later, then backing off to ten), until
 * `close()`. `onFrame` gets every parsed frame; `onState` gets 'connecting' | 'live' | 'closed'.
 */
export function openStream(key, query, onFrame, onState) {
  let socket = null;
  let stopped = false;
  let delay_ms = 1000;
  const connect = () => {
    onState('connecting', '');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(
      `${scheme}://${location.host}/v1/stream?api_key=${encodeURIComponent(key)}&${query}`,
    );
    socket.onopen = () => {
      delay_ms = 1000;
      onState('live', '');
    };
    socket.onmessage = (message) => onFrame(JSON.parse(message.data));
    socket.onclose = (event) => {
      onState('closed', event.reason || `closed (${event.code})`);
      if (stopped) return;
      setTimeout(connect, delay_ms);
      delay_ms = Math.min(10000, delay_ms * 2);
    };
  };
  connect();
  return {
    close() {
      stopped = true;
      socket?.close();
    },
  };
}
