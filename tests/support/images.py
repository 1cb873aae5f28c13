"""Small images made in memory for upload tests: any format and size, optionally with EXIF."""
import io

from PIL import Image


def image_bytes(fmt="JPEG", size=(64, 48), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    if exif is not None:
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (65.0, 35.0, 0.0)}  # GPSInfo: a position in Arvidsjaur
    exif[0x010F] = "Telefonmärke"  # camera make
    return exif.tobytes()
