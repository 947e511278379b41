import { useEffect, useState } from "react";
import { api, type SessionInfo } from "./ipc";
import Login from "./pages/Login";
import DeskShell from "./pages/DeskShell";
import Spinner from "./components/Spinner";

/** Login screen until there is a session, then the desk. */
export default function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);

  useEffect(() => {
    api.currentSession().then(setSession, () => setSession(null));
  }, []);

  if (session === undefined) {
    return (
      <div className="boot">
        <Spinner label="正在启动…" />
      </div>
    );
  }
  if (!session) {
    return <Login onLoggedIn={setSession} />;
  }
  return <DeskShell session={session} onLoggedOut={() => setSession(null)} />;
}
