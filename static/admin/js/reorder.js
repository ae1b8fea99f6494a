/* « Monter » / « Descendre » buttons on the rows of an inline whose « ordre » input carries
 * data-reorder (pare.admin.PositionInput). Every move, and the submit, numbers the rows 0..n in
 * the order shown. Without this script the number stays a plain field. */
"use strict";
{
    const rowsOf = (group) =>
        Array.from(group.querySelectorAll("tbody > tr.form-row:not(.empty-form)"));

    // A blank extra row keeps its default number, or Django would validate it as a filled form.
    const isFilled = (row) =>
        row.querySelector("input[name$='-id']")?.value ||
        Array.from(
            row.querySelectorAll("select, textarea, input:not([type=hidden]):not([type=checkbox])"),
        ).some((field) => !field.hasAttribute("data-reorder") && field.value);

    function label(group) {
        rowsOf(group).forEach((row, index) => {
            const input = row.querySelector("input[data-reorder]");
            for (const button of row.querySelectorAll("button[data-move]")) {
                const text = input.dataset[`${button.dataset.move}Label`];
                button.setAttribute("aria-label", text.replace("%(n)s", index + 1));
            }
        });
    }

    function renumber(group) {
        let position = 0;
        for (const row of rowsOf(group).filter(isFilled)) {
            row.querySelector("input[data-reorder]").value = position++;
        }
        label(group);
    }

    function addButtons(input) {
        const buttons = ["up", "down"].map((direction) => {
            const button = document.createElement("button");
            button.type = "button";
            button.className = "button";
            button.dataset.move = direction;
            button.textContent = input.dataset[`${direction}Text`];
            return button;
        });
        input.after(...buttons);
    }

    // A row goes with the row of errors Django shows above it, if any.
    const withErrors = (row) =>
        row.previousElementSibling?.classList.contains("row-form-errors")
            ? [row.previousElementSibling, row]
            : [row];

    function move(button) {
        const row = button.closest("tr");
        const group = row.closest(".inline-group");
        const rows = rowsOf(group);
        const up = button.dataset.move === "up";
        const other = rows[rows.indexOf(row) + (up ? -1 : 1)];
        if (!other) {
            return;
        }
        if (up) {
            withErrors(other)[0].before(...withErrors(row));
        } else {
            other.after(...withErrors(row));
        }
        renumber(group);
        button.focus();
    }

    // Removing an unsaved row makes Django rename the rows' fields in page order. Saved rows must
    // keep the first indexes (Django matches them with INITIAL_FORMS), so rename them again.
    function reindex(group, prefix) {
        const rows = rowsOf(group);
        const saved = rows.filter((row) => row.classList.contains("has_original"));
        const pattern = new RegExp(`${prefix}-\\d+`);
        [...saved, ...rows.filter((row) => !saved.includes(row))].forEach((row, index) => {
            for (const element of [row, ...row.querySelectorAll("[id], [name], [for]")]) {
                for (const attribute of ["id", "name", "for"]) {
                    const value = element.getAttribute(attribute);
                    if (value) {
                        element.setAttribute(attribute, value.replace(pattern, `${prefix}-${index}`));
                    }
                }
            }
        });
        label(group);
    }

    const reorderable = (group) => group?.querySelector("input[data-reorder]");

    document.addEventListener("click", (event) => {
        const button = event.target.closest("button[data-move]");
        if (button) {
            move(button);
        }
    });
    document.addEventListener("submit", (event) => {
        event.target.querySelectorAll(".inline-group").forEach((group) => {
            if (reorderable(group)) {
                renumber(group);
            }
        });
    });
    document.addEventListener("formset:added", (event) => {
        const group = event.target.closest(".inline-group");
        if (reorderable(group)) {
            label(group);
        }
    });
    document.addEventListener("formset:removed", (event) => {
        const prefix = event.detail.formsetName;
        const group = document.getElementById(`${prefix}-group`);
        if (reorderable(group)) {
            setTimeout(() => reindex(group, prefix)); // after Django's own renaming
        }
    });

    function init() {
        document.querySelectorAll("input[data-reorder]").forEach(addButtons);
        document.querySelectorAll(".inline-group").forEach((group) => {
            if (reorderable(group)) {
                label(group);
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}
