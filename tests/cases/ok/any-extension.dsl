// any extension other than .yaml/.yml is read as .unet text
name: "any-extension"
network { input: 32 x 32 x 1, depth: 1, filters: 4, block { padding: same }, skip: concat }
