#!/usr/bin/env python3
"""Drives headless Chromium over the DevTools protocol through a site written by
`thutuc site`: opens the index from the folder (file://), types into the search box key by
key as a person would, reads which procedures are left, takes a screenshot, then follows
the first one and reads its page.

Usage: site_browser.py CHROMIUM INDEX_HTML QUERY SCREENSHOT_PNG
Prints one JSON object: {"visible": [...], "count": "...", "page": "...", "title": "..."}.
Needs the `websocket-client` package (pip install websocket-client).
"""
import base64, json, os, re, shutil, subprocess, sys, tempfile, time, urllib.request
import websocket  # websocket-client

chromium, index, query, shot = sys.argv[1:5]
profile = tempfile.mkdtemp(prefix="thutuc-chromium-")
proc = subprocess.Popen(
    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
     "--remote-debugging-port=0", "--user-data-dir=" + profile,
     "--window-size=1100,900", "about:blank"],
    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
try:
    port = None
    deadline = time.time() + 60
    while time.time() < deadline and port is None:
        line = proc.stderr.readline()
        if not line:
            break
        m = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
        if m:
            port = int(m.group(1))
    if port is None:
        sys.exit("chromium did not start its DevTools endpoint")
    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
    page = next(t for t in targets if t.get("type") == "page")
    ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
    ids = iter(range(1, 1_000_000))

    def call(method, **params):
        i = next(ids)
        ws.send(json.dumps({"id": i, "method": method, "params": params}))
        while True:
            msg = json.loads(ws.recv())
            if msg.get("id") == i:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def wait_event(name):
        while True:
            msg = json.loads(ws.recv())
            if msg.get("method") == name:
                return msg

    def js(expr):
        r = call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        return r.get("result", {}).get("value")

    call("Page.enable")
    call("Page.navigate", url="file://" + os.path.abspath(index))
    wait_event("Page.loadEventFired")
    total = js("document.querySelectorAll('li.tt').length")
    js("document.getElementById('q').focus()")
    for ch in query:
        call("Input.dispatchKeyEvent", type="keyDown", text=ch, key=ch, unmodifiedText=ch)
        call("Input.dispatchKeyEvent", type="keyUp", key=ch)
    time.sleep(0.2)
    visible = js("[...document.querySelectorAll('li.tt')].filter(li => li.offsetParent !== null).map(li => li.innerText)")
    count = js("document.getElementById('count').innerText")
    typed = js("document.getElementById('q').value")
    png = call("Page.captureScreenshot", format="png")["data"]
    with open(shot, "wb") as f:
        f.write(base64.b64decode(png))
    js("[...document.querySelectorAll('li.tt')].find(li => li.offsetParent !== null).querySelector('a').click()")
    wait_event("Page.loadEventFired")
    print(json.dumps({
        "total": total, "typed": typed, "visible": visible, "count": count,
        "title": js("document.title"), "page": js("document.body.innerText"),
    }, ensure_ascii=False))
finally:
    proc.kill()
    proc.wait()
    shutil.rmtree(profile, ignore_errors=True)
