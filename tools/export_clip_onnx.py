#!/usr/bin/env python3
"""Export a HuggingFace CLIP model to the folder layout Kintsugi's CLIP describer reads.

Run on a machine with Python, torch and transformers (pip install torch transformers):

    python3 tools/export_clip_onnx.py openai/clip-vit-base-patch32 clip/

It writes clip/image.onnx, clip/text.onnx, clip/tokenizer.json and clip/clip.json. Then:

    kintsugi failures ... --describer clip:clip/

Signatures (what ClipOnnxDescriber expects; see README "Using CLIP, an LLM and a diffusion model"):
  image.onnx  pixel_values float32 [batch, 3, S, S]  ->  image_embeds float32 [batch, D]
  text.onnx   input_ids int64 [batch, L], attention_mask int64 [batch, L]  ->  text_embeds float32 [batch, D]
Both outputs are CLIP's projected embeddings (before normalisation; Kintsugi normalises them).
This script is not run by Kintsugi's tests (they use a tiny ONNX model the tests write themselves).
"""
import inspect
import json
import os
import sys

import torch
from transformers import CLIPImageProcessor, CLIPModel, CLIPTokenizerFast


class ImageEncoder(torch.nn.Module):
    def __init__(self, clip):
        super().__init__()
        self.clip = clip

    def forward(self, pixel_values):
        pooled = self.clip.vision_model(pixel_values=pixel_values).pooler_output
        return self.clip.visual_projection(pooled)


class TextEncoder(torch.nn.Module):
    def __init__(self, clip):
        super().__init__()
        self.clip = clip

    def forward(self, input_ids, attention_mask):
        pooled = self.clip.text_model(input_ids=input_ids, attention_mask=attention_mask).pooler_output
        return self.clip.text_projection(pooled)


def export(module, args, path, input_names, output_name, dynamic):
    kwargs = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # the TorchScript exporter honours dynamic_axes as written
    torch.onnx.export(module, args, path, input_names=input_names, output_names=[output_name],
                      dynamic_axes=dynamic, opset_version=17, **kwargs)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: export_clip_onnx.py MODEL_NAME_OR_PATH OUT_DIR")
    name, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    clip = CLIPModel.from_pretrained(name).eval()
    processor = CLIPImageProcessor.from_pretrained(name)
    tokenizer = CLIPTokenizerFast.from_pretrained(name)
    size = processor.crop_size["height"] if isinstance(processor.crop_size, dict) else int(processor.crop_size)

    with torch.no_grad():
        export(ImageEncoder(clip), (torch.zeros(1, 3, size, size),), os.path.join(out, "image.onnx"),
               ["pixel_values"], "image_embeds",
               {"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}})
        ids = tokenizer(["a photo of a cat on grass"], return_tensors="pt")
        export(TextEncoder(clip), (ids["input_ids"], ids["attention_mask"]), os.path.join(out, "text.onnx"),
               ["input_ids", "attention_mask"], "text_embeds",
               {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                "text_embeds": {0: "batch"}})
    tokenizer.backend_tokenizer.save(os.path.join(out, "tokenizer.json"))
    with open(os.path.join(out, "clip.json"), "w") as f:
        # Sizes given here spare Kintsugi reading them from the models (a second load of each file); 77 is
        # CLIP's context length, and with the attention mask the pooled embedding does not depend on padding.
        json.dump({"imageSize": size, "textLength": tokenizer.model_max_length,
                   "mean": list(processor.image_mean), "std": list(processor.image_std),
                   "prompt": "a photo of a {class} on {context}"}, f, indent=2)
    print("wrote", out)


if __name__ == "__main__":
    main()
