"""Prints how much of a screenshot is drawn: {"width", "height", "colors", "non_white"} as JSON, where
colors counts distinct colours and non_white is the share of pixels that are not (near) white."""

import json
import sys

from PIL import Image

image = Image.open(sys.argv[1]).convert("RGB")
pixels = list(image.getdata())
non_white = sum(1 for r, g, b in pixels if r < 240 or g < 240 or b < 240)
print(
    json.dumps(
        {
            "width": image.width,
            "height": image.height,
            "colors": len(set(pixels)),
            "non_white": non_white / max(1, len(pixels)),
        }
    )
)
