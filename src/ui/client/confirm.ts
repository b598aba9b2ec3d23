// A modal yes/no for what cannot be undone. Esc or Cancel says no.
import { h } from "./dom.ts";

export function confirmDialog(title: string, body: string, action: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog: HTMLDialogElement = h(
      "dialog",
      { class: "confirm", "aria-labelledby": "confirm-title" },
      h(
        "form",
        { method: "dialog" },
        h("h2", { id: "confirm-title" }, title),
        h("p", {}, body),
        h(
          "div",
          { class: "actions" },
          h("button", { value: "cancel", class: "btn", autofocus: true }, "Cancel"),
          h("button", { value: "yes", class: "btn danger" }, action),
        ),
      ),
    );
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "yes");
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
