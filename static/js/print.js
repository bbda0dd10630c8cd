for(let t of document.querySelectorAll("[data-st-print]"))t.hidden=!1,t.addEventListener("click",()=>window.print());
