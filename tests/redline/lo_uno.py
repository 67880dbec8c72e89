"""Run by the system python3 (which has LibreOffice's `uno`): open a DOCX in LibreOffice,
count its comments and tracked changes, then write its text after accepting all
changes and after rejecting all. Prints JSON.

    python3 lo_uno.py IN.docx OUT_DIR PROFILE_DIR
"""

import contextlib
import json
import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(path, out_dir, profile):
    pipe = f"datarights_{os.getpid()}"
    # A fresh profile restarts soffice once on first start; let that happen before connecting.
    subprocess.run(
        ["soffice", "--headless", "--terminate_after_init", f"-env:UserInstallation=file://{profile}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(240):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.25)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        result = {}
        for mode in ("accept", "reject"):
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0, (prop("Hidden", True),)
            )
            comments = []
            fields = doc.getTextFields().createEnumeration()
            while fields.hasMoreElements():
                field = fields.nextElement()
                if field.supportsService("com.sun.star.text.textfield.Annotation"):
                    anchor = field.getAnchor().getString()
                    comments.append({"author": field.Author, "content": field.Content, "anchor": anchor})
            redlines = doc.getRedlines().getCount() if hasattr(doc, "getRedlines") else -1
            result["comments"], result["redlines"] = comments, redlines
            frame = doc.getCurrentController().getFrame()
            command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
            dispatcher.executeDispatch(frame, command, "", 0, ())
            result[f"{mode}_redlines"] = doc.getRedlines().getCount()
            target = os.path.join(out_dir, f"{mode}.txt")
            doc.storeToURL(
                uno.systemPathToFileUrl(target),
                (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8")),
            )
            doc.close(True)
        print(json.dumps(result))
        with contextlib.suppress(Exception):
            desktop.terminate()
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:4])
