import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { RememberedOptions } from './views/remembered-options';
import './styles.css';

// RememberedOptions: the steps' options and results are remembered while the app runs (issue 15 item 4).
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RememberedOptions>
      <App />
    </RememberedOptions>
  </StrictMode>,
);
