// Every test file runs on tfjs's cpu backend unless it switches explicitly: it is exact
// enough for the numerics and fast for the small tensors tests use.
import { useBackend } from "latent";

await useBackend("cpu");
