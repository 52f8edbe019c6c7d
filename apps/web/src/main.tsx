import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { AppProviders } from './app/AppProviders';
import { startEarlyRequests } from './app/early-requests';
import { router } from './app/router';
import './app/global.css';

const root = document.getElementById('root');
if (!root) throw new Error('The #root element is missing from index.html');

startEarlyRequests(window.location);

createRoot(root).render(
  <StrictMode>
    <AppProviders>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
