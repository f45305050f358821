// The app's client-side router: every route is rendered here, the server answers index.html.
document.getElementById("root").textContent = "Parcel tracker: " + location.pathname;
