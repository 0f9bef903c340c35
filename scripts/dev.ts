import { run } from "./lifecycle";
import { serve } from "./serve";

run(() => serve("dev"), { onSignal: 0 });
