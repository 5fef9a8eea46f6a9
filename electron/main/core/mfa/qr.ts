import { toDataURL } from 'qrcode';

/** The otpauth URI as a PNG data URL (the renderer's CSP allows data: images). */
export function qrDataUrl(uri: string): Promise<string> {
  return toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}
