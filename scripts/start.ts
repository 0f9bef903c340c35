import { run } from "./lifecycle";
import { serve } from "./serve";

run(() => serve("start"), { onSignal: 0 });
