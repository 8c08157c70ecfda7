import { brainMR2x2 } from './brainMR2x2';

export default function getHangingProtocolModule() {
  return [{ name: brainMR2x2.id, protocol: brainMR2x2 }];
}
