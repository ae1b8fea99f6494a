// Narrow a filter form's departments to the region chosen. Without JavaScript, every department
// stays on offer, and a department outside the region gets a message from the server.
document.querySelectorAll("form.filters").forEach((form) => {
  const region = form.querySelector("select[name=region], select[name=where]");
  const department = form.querySelector("select[name=departement]");
  if (!region || !department) return;
  const groups = Array.from(department.querySelectorAll("optgroup"));
  // On load, a department the server found outside the region stays chosen, beside its message.
  const narrow = (keepChosen) => {
    const chosen = region.value ? region.selectedOptions[0].text : "";
    const known = groups.some((group) => group.label === chosen);
    const current = department.value ? department.selectedOptions[0].parentElement : null;
    for (const group of groups) {
      const shown = !known || group.label === chosen || (keepChosen && group === current);
      group.hidden = !shown;
      group.disabled = !shown;
    }
    if (department.selectedOptions[0]?.parentElement.disabled) department.value = "";
  };
  region.addEventListener("change", () => narrow(false));
  narrow(true);
});
